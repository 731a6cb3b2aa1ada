import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../src/cli/actor.ts';
import { generateIban, makeBban } from '../../src/core/iban.ts';
import { engineName } from '../helpers/database.ts';
import {
  type CliEnvironment,
  type ErrorJson,
  cliTimeoutMs,
  createCliEnvironment,
  runCli,
} from './cli-process.ts';

/** Valid check digits, but no account was ever opened with it. */
const unknownIban = generateIban('XK', makeBban('XK', '1212', '9999999999'));

type CustomerJson = { customer: { cif: string; name: string; phone: string } };
type AccountJson = {
  account: {
    iban: string;
    currency: string;
    balance: string;
    available: string;
    overdraft: string;
    cif: string;
  };
};

describe(`smartpay customer and account commands on ${engineName}`, () => {
  let cli: CliEnvironment;
  const run = (...args: string[]) => runCli(cli, args);
  const failsWith = async (args: string[], code: string) => {
    const result = await runCli(cli, [...args, '--json']);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.json<ErrorJson>().error.code).toBe(code);
    return result.json<ErrorJson>().error.message;
  };
  let arta = '';
  let eurIban = '';

  beforeAll(async () => {
    cli = await createCliEnvironment();
  });
  afterAll(async () => {
    await cli.close();
  });

  it(
    'creates customers: generated CIF, given CIF, password from stdin',
    { timeout: cliTimeoutMs * 3 },
    async () => {
      const human = await run(
        'customer',
        'create',
        '--name',
        'Arta Krasniqi',
        '--phone',
        '+383 44 123 456',
        '--password',
        'secret123',
      );
      expect(human.code, human.stderr).toBe(0);
      const created = /Created customer (\d{8})\./.exec(human.stdout);
      expect(created).not.toBeNull();
      arta = created?.[1] ?? '';
      expect(human.stdout).toContain('+38344123456');

      const given = await run(
        'customer',
        'create',
        '--name',
        'Besnik Gashi',
        '--phone',
        '+38344333444',
        '--password',
        'secret123',
        '--cif',
        '20000002',
        '--json',
      );
      expect(given.json<CustomerJson>().customer).toMatchObject({
        cif: '20000002',
        name: 'Besnik Gashi',
      });

      const stdin = await runCli(
        cli,
        [
          'customer',
          'create',
          '--name',
          'Drita Berisha',
          '--phone',
          '+38349555666',
          '--password-stdin',
          '--cif',
          '20000003',
          '--json',
        ],
        { input: 'from stdin 123\n' },
      );
      expect(stdin.code, stdin.stdout + stdin.stderr).toBe(0);
      expect(stdin.json<CustomerJson>().customer.cif).toBe('20000003');
    },
  );

  it(
    'reports bad input on stderr (or as JSON) with exit status 1',
    { timeout: cliTimeoutMs * 2 },
    async () => {
      const human = await run(
        'customer',
        'create',
        '--name',
        'X Y',
        '--phone',
        '044123456',
        '--password',
        'secret123',
      );
      expect(human.code).toBe(1);
      expect(human.stderr).toBe(
        'error: Phone must be in international format, e.g. +38344123456\n',
      );
      expect(human.stdout).toBe('');
      expect(await failsWith(['customer', 'show', '99999999'], 'NOT_FOUND')).toBe(
        'No customer has CIF 99999999',
      );
    },
  );

  it('opens accounts in offered currencies only', { timeout: cliTimeoutMs * 4 }, async () => {
    const eur = await run(
      'account',
      'open',
      '--cif',
      arta,
      '--currency',
      'eur',
      '--overdraft',
      '100.00',
      '--json',
    );
    expect(eur.code, eur.stdout + eur.stderr).toBe(0);
    const account = eur.json<AccountJson>().account;
    expect(account).toMatchObject({
      currency: 'EUR',
      balance: '0.00',
      available: '100.00',
      overdraft: '100.00',
      cif: arta,
    });
    expect(account.iban).toMatch(/^XK\d{18}$/);
    eurIban = account.iban;
    expect(
      await failsWith(
        ['account', 'open', '--cif', arta, '--currency', 'JPY'],
        'CURRENCY_NOT_OFFERED',
      ),
    ).toMatch(/does not offer JPY/);
  });

  it(
    'deposits and withdraws, into the overdraft but not beyond it',
    { timeout: cliTimeoutMs * 4 },
    async () => {
      const deposit = await run(
        'account',
        'deposit',
        eurIban,
        '250.50',
        '--description',
        'Branch Prishtina',
        '--json',
      );
      expect(deposit.json<AccountJson>().account).toMatchObject({
        balance: '250.50',
        available: '350.50',
      });
      const spaced = eurIban.replace(/(.{4})/g, '$1 ').trim();
      const withdraw = await run('account', 'withdraw', spaced, '300');
      expect(withdraw.code, withdraw.stderr).toBe(0);
      expect(withdraw.stdout).toMatch(/Withdrew 300\.00 EUR/);
      expect(withdraw.stdout).toContain('-49.50');
      expect(
        await failsWith(['account', 'withdraw', eurIban, '50.51'], 'INSUFFICIENT_FUNDS'),
      ).toMatch(/not have enough/);
    },
  );

  it('refuses bad amounts and unknown IBANs', { timeout: cliTimeoutMs * 3 }, async () => {
    expect(await failsWith(['account', 'deposit', eurIban, '12.345'], 'VALIDATION_FAILED')).toMatch(
      /at most 2 decimals/,
    );
    expect(await failsWith(['account', 'deposit', eurIban, '-5'], 'VALIDATION_FAILED')).toMatch(
      /sign/,
    );
    expect(await failsWith(['account', 'deposit', unknownIban, '10'], 'NOT_FOUND')).toMatch(
      /No account has IBAN/,
    );
  });

  it('changes the overdraft and shows the account', { timeout: cliTimeoutMs * 2 }, async () => {
    const raised = await run('account', 'overdraft', eurIban, '500.00', '--json');
    expect(raised.json<AccountJson & { previous: string }>()).toMatchObject({
      previous: '100.00',
      account: { overdraft: '500.00', available: '450.50' },
    });
    const shown = await run('account', 'show', eurIban);
    expect(shown.stdout).toMatch(/Arta Krasniqi \(CIF \d{8}\)/);
    expect(shown.stdout).toContain('450.50');
  });

  it('shows and lists customers with their accounts', { timeout: cliTimeoutMs * 2 }, async () => {
    const shown = await run('customer', 'show', arta, '--json');
    const body = shown.json<CustomerJson & { accounts: AccountJson['account'][] }>();
    expect(body.customer.name).toBe('Arta Krasniqi');
    expect(body.accounts).toEqual([
      {
        iban: eurIban,
        currency: 'EUR',
        balance: '-49.50',
        available: '450.50',
        overdraft: '500.00',
      },
    ]);
    const listed = await run('customer', 'list');
    expect(listed.stdout).toMatch(/20000002 +│ Besnik Gashi/);
    expect(listed.stdout).toContain('Drita Berisha');
  });

  it(
    'audits every change with the operator as actor, and the ledger verifies',
    { timeout: cliTimeoutMs * 3 },
    async () => {
      const audit = await run('audit', 'list', '--subject', eurIban, '--json');
      const entries = audit.json<{ entries: { actor: string; action: string }[] }>().entries;
      expect(entries.map((e) => e.action)).toEqual([
        'account.overdraft',
        'account.withdrawal',
        'account.deposit',
        'account.open',
      ]);
      expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([operatorActor('cli')]));
      const customers = await run('audit', 'list', '--action', 'customer.', '--json');
      expect(customers.json<{ entries: unknown[] }>().entries).toHaveLength(3);
      const verify = await run('ledger', 'verify');
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toContain('Ledger OK.');
    },
  );
});
