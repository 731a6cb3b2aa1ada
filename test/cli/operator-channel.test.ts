import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor, osUserName } from '../../src/cli/actor.ts';
import { type DataDirLock, acquireDataDirLock, lockFileName } from '../../src/cli/data-dir-lock.ts';
import {
  type OperatorChannel,
  operatorSocketPath,
  sendToOperatorChannel,
  startOperatorChannel,
} from '../../src/cli/operator-channel.ts';
import { systemClock } from '../../src/core/clock.ts';
import { type Config, loadConfig } from '../../src/core/config.ts';
import { isDomainError } from '../../src/core/errors.ts';
import { listAudit } from '../../src/db/audit.ts';
import { findCustomerByCif } from '../../src/identity/customers.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';
import {
  type CliEnvironment,
  type ErrorJson,
  cliTimeoutMs,
  createCliEnvironment,
  runCli,
} from './cli-process.ts';

/** A pid that certainly belonged to a process which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe(`operator channel to a server on ${engineName}`, () => {
  let cli: CliEnvironment;
  let database: TestDatabase;
  let config: Config;
  let lock: DataDirLock | undefined;
  let channel: OperatorChannel | undefined;
  // The CLI never sees DATABASE_URL here: it must find the server through the data folder.
  const run = (...args: string[]) => runCli(cli, args, { embedded: true });

  beforeAll(async () => {
    cli = await createCliEnvironment();
    database = await createTestDatabase();
    config = loadConfig({ NODE_ENV: 'test', SMARTPAY_DATA_DIR: cli.dataDir });
    // What the server does at start: own the data folder, then open the channel.
    lock = acquireDataDirLock(cli.dataDir);
    channel = await startOperatorChannel({ database, config, clock: systemClock });
  });
  afterAll(async () => {
    await channel?.close();
    lock?.release();
    await database.close();
    await cli.close();
  });

  it('listens on a socket only its owner can use', () => {
    const socket = operatorSocketPath(cli.dataDir);
    expect(channel?.socketPath).toBe(socket);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(cli.dataDir, lockFileName), 'utf8').split('\n')[0]).toBe(
      String(process.pid),
    );
  });

  it(
    'runs CLI commands in the server, audited as via-server',
    { timeout: cliTimeoutMs * 4 },
    async () => {
      const created = await run(
        'customer',
        'create',
        '--name',
        'Vjosa Hoxha',
        '--phone',
        '+38345111000',
        '--password',
        'secret123',
        '--cif',
        '30000003',
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stderr).toMatch(/operator channel/);
      const customer = await findCustomerByCif(database.db, '30000003');
      expect(customer?.fullName).toBe('Vjosa Hoxha');
      const [audit] = await listAudit(database.db, { subject: customer?.id ?? '' });
      expect(audit?.actor).toBe(operatorActor('cli-via-server', osUserName()));
      expect(audit?.actor).toMatch(/@cli-via-server$/);

      const migrate = await run('db', 'migrate', '--json');
      expect(migrate.json<{ engine: string; applied: string[] }>()).toEqual({
        engine: database.engine,
        applied: [],
      });

      const missing = await run('customer', 'show', '99999999', '--json');
      expect(missing.code).toBe(1);
      expect(missing.json<ErrorJson>().error).toEqual({
        code: 'NOT_FOUND',
        message: 'No customer has CIF 99999999',
      });
    },
  );

  it('answers unknown commands and malformed requests with an error, running nothing', async () => {
    const socket = operatorSocketPath(cli.dataDir);
    const unknown = await sendToOperatorChannel(socket, {
      command: ['drop', 'tables'],
      args: {},
      user: 'x',
    });
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'unknown command: drop tables' },
    });
    const badUser = await sendToOperatorChannel(socket, {
      command: ['customer', 'list'],
      args: {},
      user: 'a b;',
    });
    expect(badUser?.ok).toBe(false);
  });

  it('refuses a second server on the same data folder', async () => {
    const second = await startOperatorChannel({ database, config, clock: systemClock }).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(second, 'OPERATOR_CHANNEL_BUSY')).toBe(true);
  });

  it(
    'without a channel, the CLI will not open a folder another live process holds',
    { timeout: cliTimeoutMs },
    async () => {
      await channel?.close();
      channel = undefined;
      expect(existsSync(operatorSocketPath(cli.dataDir))).toBe(false);
      const blocked = await run('customer', 'list');
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toMatch(
        new RegExp(`the data folder is in use by process ${process.pid}`),
      );
    },
  );

  it(
    'takes over a stale lock and ignores a stale socket, then the server starts again',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      lock?.release();
      lock = undefined;
      const lockPath = path.join(cli.dataDir, lockFileName);
      writeFileSync(lockPath, `${deadPid()}\n`);
      // A socket file nobody listens on, as a crashed server leaves behind.
      writeFileSync(operatorSocketPath(cli.dataDir), '');
      const direct = await run('customer', 'list', '--json');
      expect(direct.code, direct.stderr).toBe(0);
      expect(direct.stderr).toBe('');
      expect(existsSync(lockPath)).toBe(false);

      lock = acquireDataDirLock(cli.dataDir);
      channel = await startOperatorChannel({ database, config, clock: systemClock });
      const viaServer = await run('customer', 'list', '--json');
      const cifs = viaServer.json<{ customers: { cif: string }[] }>().customers.map((c) => c.cif);
      expect(cifs).toEqual(['30000003']);
    },
  );
});

describe('data folder lock', () => {
  let cli: CliEnvironment;
  beforeAll(async () => {
    cli = await createCliEnvironment();
  });
  afterAll(async () => {
    await cli.close();
  });

  it('is exclusive while held, and released only by its holder', () => {
    const first = acquireDataDirLock(cli.dataDir);
    expect(() => acquireDataDirLock(cli.dataDir)).toThrowError(/in use by process/);
    first.release();
    const second = acquireDataDirLock(cli.dataDir);
    first.release(); // a second release by the old holder must not free the new holder's lock
    expect(() => acquireDataDirLock(cli.dataDir)).toThrowError(/in use by process/);
    second.release();
    expect(existsSync(path.join(cli.dataDir, lockFileName))).toBe(false);
  });

  it('treats a lock of a dead process, or an empty lock file, as stale', () => {
    const lockPath = path.join(cli.dataDir, lockFileName);
    for (const content of [`${deadPid()}\n`, '']) {
      writeFileSync(lockPath, content);
      const lock = acquireDataDirLock(cli.dataDir);
      expect(readFileSync(lockPath, 'utf8').split('\n')[0]).toBe(String(process.pid));
      lock.release();
    }
  });
});
