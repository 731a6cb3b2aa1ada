import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  type CliEnvironment,
  type ErrorJson,
  cliTimeoutMs,
  createCliEnvironment,
  runCli,
} from './cli-process.ts';

type RatesJson = {
  rates: { currency: string; perEur: string; setBy: string | null }[];
  missing: string[];
};
type TariffsJson = {
  tariffs: { currency: string; fixed: string; percent: string; min: string; max: string | null }[];
  free: string[];
};
type SettingsJson = { settings: { key: string; value: string; default: string }[] };

describe(`smartpay rates, tariff, settings, db and usage on ${engineName}`, () => {
  let cli: CliEnvironment;
  const run = (...args: string[]) => runCli(cli, args);
  const failsWith = async (args: string[], code: string) => {
    const result = await runCli(cli, [...args, '--json']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.json<ErrorJson>().error.code).toBe(code);
    return result.json<ErrorJson>().error.message;
  };

  beforeAll(async () => {
    cli = await createCliEnvironment();
  });
  afterAll(async () => {
    await cli.close();
  });

  it(
    'migrates a fresh database, then has nothing left to apply',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      const first = await run('db', 'migrate', '--json');
      expect(first.code, first.stderr).toBe(0);
      // On PostgreSQL the test helper has migrated the fresh database already.
      if (engineName === 'pglite')
        expect(first.json<{ applied: string[] }>().applied).toContain('0001_foundation');
      const second = await run('db', 'migrate');
      expect(second.stdout).toMatch(/nothing to apply/);
    },
  );

  it(
    'sets rates against EUR and lists the newest of each currency',
    { timeout: cliTimeoutMs * 4 },
    async () => {
      expect((await run('rates', 'set', 'USD', '1.07')).code).toBe(0);
      const set = await run('rates', 'set', 'usd', '1.0825');
      expect(set.stdout).toBe('1 EUR = 1.0825 USD from now on.\n');
      const list = await run('rates', 'list', '--json');
      const rates = list.json<RatesJson>();
      expect(rates.rates.map((r) => [r.currency, r.perEur])).toEqual([
        ['EUR', '1'],
        ['USD', '1.0825'],
      ]);
      expect(rates.missing).toEqual(['CHF', 'ALL']);
      expect(await failsWith(['rates', 'set', 'XYZ', '1'], 'CURRENCY_NOT_OFFERED')).toMatch(/XYZ/);
    },
  );

  it(
    'sets tariffs per currency with figures defaulting to zero',
    { timeout: cliTimeoutMs * 4 },
    async () => {
      const eur = await run(
        'tariff',
        'set',
        'EUR',
        '--fixed',
        '0.20',
        '--percent',
        '0.1',
        '--min',
        '0.20',
        '--max',
        '5.00',
      );
      expect(eur.code, eur.stderr).toBe(0);
      expect(eur.stdout).toContain('Tariff for EUR set.');
      expect((await run('tariff', 'set', 'ALL', '--percent', '0.5')).code).toBe(0);
      const list = await run('tariff', 'list', '--json');
      expect(list.json<TariffsJson>()).toEqual({
        tariffs: [
          expect.objectContaining({
            currency: 'ALL',
            fixed: '0.00',
            percent: '0.5',
            min: '0.00',
            max: null,
          }),
          expect.objectContaining({
            currency: 'EUR',
            fixed: '0.20',
            percent: '0.1',
            min: '0.20',
            max: '5.00',
          }),
        ],
        free: ['USD', 'CHF'],
      });
      expect(
        await failsWith(['tariff', 'set', 'EUR', '--fixed', '0.001'], 'VALIDATION_FAILED'),
      ).toMatch(/fixed: .*2 decimals/);
    },
  );

  it(
    'shows and changes bank settings, refusing unknown keys and bad values',
    { timeout: cliTimeoutMs * 4 },
    async () => {
      const set = await run('settings', 'set', 'limits.partial.perDay', '150');
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toBe('limits.partial.perDay: 100.00 → 150.00\n');
      const show = await run('settings', 'show', '--json');
      const perDay = show
        .json<SettingsJson>()
        .settings.find((s) => s.key === 'limits.partial.perDay');
      expect(perDay).toEqual(expect.objectContaining({ value: '150.00', default: '100.00' }));
      expect(await failsWith(['settings', 'set', 'limits.nope', '1'], 'VALIDATION_FAILED')).toMatch(
        /Unknown setting limits\.nope/,
      );
      expect(
        await failsWith(
          ['settings', 'set', 'limits.partial.countPerDay', 'three'],
          'VALIDATION_FAILED',
        ),
      ).toMatch(/not a valid/);
    },
  );

  it('audits rate, tariff and setting changes', { timeout: cliTimeoutMs }, async () => {
    const audit = await run('audit', 'list', '--json');
    const actions = audit.json<{ entries: { action: string; subject: string | null }[] }>().entries;
    expect(actions.map((e) => `${e.action} ${e.subject ?? ''}`)).toEqual([
      'settings.set limits.partial.perDay',
      'tariff.set ALL',
      'tariff.set EUR',
      'rates.set USD',
      'rates.set USD',
      ...(engineName === 'pglite' ? ['db.migrate '] : []),
    ]);
  });

  it(
    'exits 2 on usage errors and 0 on --help; the bin shim runs the CLI',
    { timeout: cliTimeoutMs * 5 },
    async () => {
      const unknown = await run('account', 'close', 'XK00');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/unknown command 'close'/);
      const missing = await run('rates', 'set', 'USD');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/missing required argument 'perEur'/);
      const both = await runCli(
        cli,
        ['customer', 'create', '--password', 'x', '--password-stdin'],
        { input: 'y' },
      );
      expect(both.code).toBe(2);
      const help = await runCli(cli, ['--help'], { script: 'bin' });
      expect(help.code, help.stderr).toBe(0);
      for (const group of [
        'customer',
        'account',
        'rates',
        'tariff',
        'settings',
        'ledger',
        'db',
        'audit',
        'demo',
        'sms',
      ])
        expect(help.stdout).toContain(group);
    },
  );
});
