/**
 * The bank under attack: `src/main.ts` as a real process on a free port with a fresh database
 * (a PGlite temp folder, or a new PostgreSQL database when DATABASE_URL is set), the operator
 * CLI's commands to set it up (over the operator channel, as `smartpay` does) and an HTTP client.
 * SMS codes and logins are test/helpers/bank.ts's, over this bank's `call` and `smsMessages`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../../src/core/config.ts';
import { findCommand } from '../../../src/cli/commands/index.ts';
import type { CommandArgs, JsonObject } from '../../../src/cli/registry.ts';
import { runCommand } from '../../../src/cli/run.ts';
import type {
  Answer as BankAnswer,
  CustomerSide,
  SmsMessage,
  TestCustomer,
} from '../../helpers/bank.ts';
import { freePort } from '../../helpers/own-postgres.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import {
  type ServerProcess,
  spawnServer,
  stopServer,
  waitUntilReady,
} from '../../faults/support/server-process.ts';

const startupMsMax = 300_000;

export interface Answer extends BankAnswer {
  readonly headers: Headers;
}

/** A customer the operator CLI made (the server process holds the database). */
export type Customer = Pick<TestCustomer, 'cif' | 'password' | 'name'>;

/** The bank as a process: the customer's side (test/helpers/bank.ts logins work on it). */
export interface Bank extends CustomerSide {
  readonly url: string;
  readonly origin: string;
  readonly config: Config;
  readonly server: ServerProcess;
  readonly dataDir: string;
  cli(words: string, args?: CommandArgs): Promise<JsonObject>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Answer>;
  /** Over the operator CLI's `sms list`. */
  smsMessages(cif: string): Promise<readonly SmsMessage[]>;
  stop(): Promise<void>;
}

export async function startBank(): Promise<Bank> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'smartpay-security-'));
  let database: TestDatabase | undefined;
  if (process.env.DATABASE_URL) database = await createTestDatabase();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    SMARTPAY_DATA_DIR: dataDir,
    DATABASE_URL: database?.url ?? '',
    SMARTPAY_PUBLIC_ORIGIN: origin,
    SMARTPAY_SEED_DEMO: 'true',
  };
  const server = await spawnServer({ port, env });
  try {
    // A fresh PGlite folder is initialised, migrated and seeded first: minutes on a busy machine.
    await waitUntilReady(server, startupMsMax);
  } catch (error) {
    server.kill('SIGKILL');
    throw error;
  }
  const config = loadConfig({ ...process.env, ...env });
  const bank: Bank = {
    url: `http://127.0.0.1:${port}`,
    origin,
    config,
    server,
    dataDir,
    async cli(words, args = {}) {
      const command = findCommand(words.split(' '));
      if (!command) throw new Error(`no command ${words}`);
      return (await runCommand(config, command, args)).result;
    },
    async call(method, target, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${bank.url}${target}`, {
        method,
        headers,
        body,
        redirect: 'manual',
      });
      const text = await response.text();
      let json: Answer['json'];
      try {
        json = text ? (JSON.parse(text) as Answer['json']) : {};
      } catch {
        json = {};
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    async smsMessages(cif) {
      const { messages } = (await bank.cli('sms list', { cif, limit: '20' })) as {
        messages: { id: string; text: string }[];
      };
      return messages.map((m) => ({ id: BigInt(m.id), text: m.text }));
    },
    async stop() {
      await stopServer(server);
      await database?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return bank;
}

let customerNumber = 0;

/** A new customer with a funded EUR account, made by the operator CLI. */
export async function newCustomer(bank: Bank, name: string, balance = '500.00'): Promise<Customer> {
  customerNumber += 1;
  const cif = `${77_000_000 + customerNumber + Math.floor(Math.random() * 100_000) * 100}`;
  const password = `pass-${cif}-word`;
  await bank.cli('customer create', { name, phone: '+38344555666', password, cif });
  const opened = (await bank.cli('account open', { cif, currency: 'EUR' })) as {
    account: { iban: string };
  };
  await bank.cli('account deposit', { iban: opened.account.iban, amount: balance });
  return { cif, password, name };
}
