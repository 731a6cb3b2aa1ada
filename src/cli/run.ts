/**
 * Where a command runs. With PostgreSQL the CLI connects directly. With the embedded database the
 * folder belongs to one process: if the server runs, the command goes to it over the operator
 * channel; otherwise the CLI takes the folder's lock and opens it itself (DESIGN.md §4).
 */
import { sql } from 'kysely';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../core/config.ts';
import { DomainError, type ErrorCode, errorCodes } from '../core/errors.ts';
import { type Database, openDatabase } from '../db/connection.ts';
import { secureDataDir } from '../db/data-dir.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';
import { ensureInternalAccounts } from '../ledger/accounts.ts';
import { operatorActor, osUserName } from './actor.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { operatorSocketPath, sendToOperatorChannel } from './operator-channel.ts';
import type { CommandArgs, CommandSpec, JsonObject } from './registry.ts';

export interface Outcome {
  readonly result: JsonObject;
  /** How the command reached the database, for the operator's information. */
  readonly route: 'direct' | 'server' | 'offline';
}

export async function runCommand(
  config: Config,
  command: CommandSpec,
  args: CommandArgs,
): Promise<Outcome> {
  if (command.offline) {
    const context = {
      database: noDatabase(),
      config,
      clock: systemClock,
      actor: operatorActor('cli'),
    };
    return { result: await command.run(context, args), route: 'offline' };
  }
  if (!config.databaseUrl) {
    const viaServer = await runViaServer(config, command, args);
    if (viaServer) return { result: viaServer, route: 'server' };
  }
  return { result: await runDirectly(config, command, args), route: 'direct' };
}

async function runViaServer(
  config: Config,
  command: CommandSpec,
  args: CommandArgs,
): Promise<JsonObject | undefined> {
  const answer = await sendToOperatorChannel(operatorSocketPath(config.dataDir), {
    command: command.name.split(' '),
    args,
    user: osUserName(),
  });
  if (answer === undefined || answer.ok) return answer?.result;
  throw new DomainError(asErrorCode(answer.error.code), answer.error.message);
}

/** The database of an offline command: any use is a bug in that command. */
function noDatabase(): Database {
  return new Proxy({} as Database, {
    get() {
      throw new Error('an offline command used the database');
    },
  });
}

function asErrorCode(code: string): ErrorCode {
  return (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'INTERNAL';
}

async function runDirectly(
  config: Config,
  command: CommandSpec,
  args: CommandArgs,
): Promise<JsonObject> {
  // The CLI opening the folder itself tightens it like the server's start does.
  if (!config.databaseUrl) secureDataDir(config.dataDir);
  const lock = config.databaseUrl ? undefined : acquireDataDirLock(config.dataDir);
  try {
    // One command at a time needs no pool of ten connections on a shared PostgreSQL.
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: 2,
    });
    try {
      // Like the server at start, so a fresh data folder works without a separate `db migrate`.
      if (command.needsSchema !== false) await prepareSchema(database, config);
      const context = { database, config, clock: systemClock, actor: operatorActor('cli') };
      return await command.run(context, args);
    } finally {
      await database.close();
      if (!config.databaseUrl) secureDataDir(config.dataDir);
    }
  } finally {
    lock?.release();
  }
}

async function prepareSchema(database: Database, config: Config): Promise<void> {
  if (!(await schemaIsCurrent(database))) await migrateToLatest(database);
  await ensureInternalAccounts(database.db, config.currencies);
}

/**
 * The migrator takes its lock and checks every migration, about a second on PGlite; reading the
 * list of applied migrations answers the usual "nothing to do" in milliseconds.
 */
async function schemaIsCurrent(database: Database): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(
      database.db,
    );
    const applied = new Set(rows.map((row) => row.name));
    return Object.keys(migrations).every((name) => applied.has(name));
  } catch {
    // No schema_migrations table yet: a fresh database.
    return false;
  }
}
