import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  type CliEnvironment,
  cliTimeoutMs,
  createCliEnvironment,
  runCli,
  withCliDatabase,
} from './cli-process.ts';

type DemoJson = { customers: { name: string; cif: string; password: string }[]; created: string[] };
type VerifyJson = {
  ok: boolean;
  checks: { name: string; violations: number }[];
  totals: Record<string, string>;
};

describe(`smartpay demo seed and ledger commands on ${engineName}`, () => {
  let cli: CliEnvironment;
  const run = (...args: string[]) => runCli(cli, args);

  beforeAll(async () => {
    cli = await createCliEnvironment();
  });
  afterAll(async () => {
    await cli.close();
  });

  it(
    'seeds the demo bank once; a second run changes nothing',
    { timeout: cliTimeoutMs * 3 },
    async () => {
      const first = await run('demo', 'seed', '--json');
      expect(first.code, first.stderr).toBe(0);
      const seeded = first.json<DemoJson>();
      expect(seeded.customers).toEqual([
        { name: 'Arta Krasniqi', cif: '10000001', password: 'demo1234' },
        { name: 'Besnik Gashi', cif: '10000002', password: 'demo1234' },
      ]);
      expect(seeded.created).toEqual(
        expect.arrayContaining([
          'customer 10000001',
          'customer 10000002',
          'rate USD 1.08',
          'tariff EUR',
        ]),
      );
      const second = await run('demo', 'seed');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/already complete; nothing changed/);
      expect(second.stdout).toContain('demo1234');
      const arta = await run('customer', 'show', '10000001', '--json');
      const accounts = arta.json<{ accounts: { currency: string; balance: string }[] }>().accounts;
      expect(accounts.map((a) => `${a.currency} ${a.balance}`)).toEqual([
        'EUR 1000.00',
        'USD 500.00',
      ]);
    },
  );

  it(
    'lists internal accounts, rolls up queued postings, and verifies',
    { timeout: cliTimeoutMs * 6 },
    async () => {
      const internal = await run('ledger', 'accounts', '--json');
      const cash = internal
        .json<{ accounts: { kind: string; currency: string; balance: string }[] }>()
        .accounts.filter((a) => a.kind === 'cash');
      expect(cash.map((a) => `${a.currency} ${a.balance}`)).toEqual([
        'ALL 0.00',
        'CHF -500.00',
        'EUR -2000.00',
        'USD -500.00',
      ]);
      const rollup = await run('ledger', 'rollup', '--json');
      expect(rollup.json<{ postings: number }>().postings).toBe(8);
      const again = await run('ledger', 'rollup');
      expect(again.stdout).toBe('Rolled up 0 postings into 0 accounts.\n');
      const verify = await run('ledger', 'verify', '--json');
      expect(verify.code).toBe(0);
      const report = verify.json<VerifyJson>();
      expect(report.ok).toBe(true);
      expect(report.totals).toEqual({ ALL: '0.00', CHF: '0.00', EUR: '0.00', USD: '0.00' });
      const audit = await run('audit', 'list', '--action', 'ledger.rollup', '--json');
      expect(audit.json<{ entries: unknown[] }>().entries).toHaveLength(1);
      // Nobody has logged in: the development SMS provider has sent nothing yet.
      const sms = await run('sms', 'list', '--json');
      expect(sms.json<{ messages: unknown[] }>()).toEqual({ messages: [] });
    },
  );

  it(
    'ledger verify exits 1 and names the broken check when a balance is tampered with',
    { timeout: cliTimeoutMs * 3 },
    async () => {
      await withCliDatabase(cli, (database) =>
        sql`update ledger_accounts set balance = balance + 1 where iban is not null and currency = 'USD'`.execute(
          database.db,
        ),
      );
      const verify = await run('ledger', 'verify');
      expect(verify.code).toBe(1);
      expect(verify.stdout).toMatch(
        /FAILED: every balance \(rolled up plus pending\) equals the sum of its postings/,
      );
      expect(verify.stdout).toMatch(/Ledger NOT OK/);
      const json = await run('ledger', 'verify', '--json');
      expect(json.code).toBe(1);
      const failing = json
        .json<VerifyJson>()
        .checks.filter((c) => c.violations > 0)
        .map((c) => c.name);
      expect(failing).toContain('all accounts of each currency sum to zero');
    },
  );
});
