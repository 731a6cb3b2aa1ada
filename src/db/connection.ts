/**
 * Opens the database: embedded PGlite in the data folder by default, PostgreSQL when
 * DATABASE_URL is set. Both return int8 as bigint and numeric as exact strings, so money and
 * rates never pass through floating point.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Listen, pgliteListen, postgresListen } from './listen.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { parseMultiHostUrl, primaryClientClass, PrimaryLocator } from './primary.ts';
import type { Schema } from './schema.ts';
import { preparingClientClass } from './prepared.ts';
import { countingDialect } from './statements.ts';
import type { DatabaseTimeouts } from '../core/config.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: Engine;
  /** Present only on PostgreSQL: for LISTEN/NOTIFY and tools that need a raw client. */
  readonly pool: pg.Pool | undefined;
  /** LISTEN for a channel's NOTIFY, on either engine (db/listen.ts). */
  readonly listen: Listen;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; absent means PGlite. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder; absent (or 'memory://') means an in-memory database. */
  readonly dataDir?: string | undefined;
  readonly poolSize?: number;
  /** PostgreSQL only; without them a stuck database can hold every request forever. */
  readonly timeouts?: DatabaseTimeouts;
  /**
   * A pooled connection failed (dropped by the server, restart, failover), idle or in use. The
   * query that was running rejects by itself and the pool replaces the connection; this is only
   * for the log.
   */
  readonly onConnectionError?: (error: Error) => void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Bank days are calendar dates, not instants: keep them as 'YYYY-MM-DD' text. */
const DATE_OID = 1082;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options)
    : openPGlite(options.dataDir);
}

async function openPGlite(dataDir: string | undefined): Promise<Database> {
  const inMemory = dataDir === undefined || dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? 'memory://' : dataDir, {
    parsers: {
      [pgliteTypes.INT8]: (value: string) => BigInt(value),
      [DATE_OID]: (value: string) => value,
    },
  });
  const db = new Kysely<Schema>({ dialect: countingDialect(new PGliteDialect(pglite)) });
  return {
    db,
    engine: 'pglite',
    pool: undefined,
    listen: pgliteListen(pglite, db as Kysely<unknown>),
    // Kysely's destroy closes PGlite, which checkpoints so the data folder is clean for the next start.
    close: () => db.destroy(),
  };
}

async function openPostgres(connectionString: string, options: DatabaseOptions): Promise<Database> {
  const timeouts = options.timeouts;
  const target = connectionTarget(connectionString);
  const pool = new pg.Pool({
    ...target,
    Client: preparingClientClass((target.Client as typeof pg.Client | undefined) ?? pg.Client),
    max: options.poolSize ?? 10,
    // Sent as startup parameters, so they hold for every statement on every connection.
    ...(timeouts && {
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      connectionTimeoutMillis: timeouts.acquireMs,
    }),
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID) return (value: string) => BigInt(value);
        if (oid === NUMERIC_OID || oid === DATE_OID) return (value: string) => value;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  const onConnectionError = options.onConnectionError ?? (() => undefined);
  // An idle client dropped by the server (restart, failover) emits 'error' on the pool, which
  // then removes it. A client checked out (inside a transaction) emits 'error' on itself, and
  // pg-pool removes its own listener while the client is out: without ours, a terminated
  // in-use connection crashes the process. Ours stays for the client's life; the failing query
  // rejects by itself, and on release the pool discards the broken client.
  pool.on('error', () => undefined); // logged by the client's own listener below
  pool.on('connect', (client) => client.on('error', onConnectionError));
  const db = new Kysely<Schema>({ dialect: countingDialect(new PostgresDialect({ pool })) });
  return {
    db,
    engine: 'postgres',
    pool,
    // The LISTEN connection goes where the pool goes: the primary of a multi-host URL.
    listen: postgresListen((options) => dedicatedClient(connectionString, options)),
    close: () => db.destroy(),
  };
}

/**
 * One host: node-postgres parses the URL itself. Several hosts (a failover formation): each new
 * connection goes to the current primary, found by db/primary.ts.
 */
function connectionTarget(connectionString: string): pg.PoolConfig {
  const multiHost = parseMultiHostUrl(connectionString);
  if (!multiHost) return { connectionString };
  const locator = new PrimaryLocator(multiHost);
  const first = multiHost.hosts[0];
  return {
    host: first?.host,
    port: first?.port,
    user: multiHost.user,
    password: multiHost.password,
    database: multiHost.database,
    Client: primaryClientClass(locator, multiHost.targetSessionAttrs !== 'any') as never,
  };
}

/**
 * A dedicated connection (LISTEN, tools) to the same place the pool goes: the primary of a
 * multi-host URL, or the one host. Not connected yet; the caller connects and ends it.
 */
export function dedicatedClient(
  connectionString: string,
  options: Omit<pg.ClientConfig, 'connectionString'> = {},
): pg.Client {
  const target = connectionTarget(connectionString);
  const ClientClass = (target.Client as unknown as typeof pg.Client | undefined) ?? pg.Client;
  return new ClientClass({ ...target, ...options });
}
