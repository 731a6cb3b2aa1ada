/**
 * The command functions called in-process, as the operator channel calls them: the full matrix
 * of refusals runs here in milliseconds, while the spawned-CLI tests cover each command and the
 * way errors reach the terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../src/cli/commands/index.ts';
import type { CommandArgs, CommandContext, JsonObject } from '../../src/cli/registry.ts';
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { isDomainError } from '../../src/core/errors.ts';
import { developmentSms } from '../../src/notify/sms.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';

describe(`operator command functions on ${engineName}`, () => {
  let database: TestDatabase;
  let context: CommandContext;
  let iban = '';

  async function call(name: string, args: CommandArgs = {}): Promise<JsonObject> {
    const command = findCommand(name.split(' '));
    if (!command) throw new Error(`no command ${name}`);
    return command.run(context, args);
  }

  async function refusal(name: string, args: CommandArgs = {}): Promise<string> {
    try {
      await call(name, args);
    } catch (error) {
      if (isDomainError(error)) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'accepted';
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test' });
    context = { database, config, clock: new TestClock(), actor: 'operator:test@cli' };
    await call('customer create', {
      name: 'Arta Krasniqi',
      phone: '+38344123456',
      password: 'secret123',
      cif: '12345678',
    });
    const opened = await call('account open', { cif: '12345678', currency: 'EUR' });
    iban = (opened.account as { iban: string }).iban;
    await call('account deposit', { iban, amount: '100.00' });
  });
  afterAll(async () => {
    await database.close();
  });

  it('refuses bad customers', async () => {
    const base = { name: 'Besnik Gashi', phone: '+38344333444', password: 'secret123' };
    expect(await refusal('customer create', { ...base, cif: '12345678' })).toMatch(/^CONFLICT: /);
    expect(await refusal('customer create', { ...base, password: 'short' })).toMatch(/at least 8/);
    expect(await refusal('customer create', { name: 'X', phone: '+38344333444' })).toMatch(
      /password is required/,
    );
    expect(await refusal('customer create', { ...base, name: '  ' })).toMatch(/name is required/);
    expect(await refusal('customer create', { ...base, cif: '12' })).toMatch(/4 to 16 digits/);
    expect(await refusal('customer show', { cif: 'abc' })).toMatch(/^VALIDATION_FAILED/);
    expect(await refusal('customer list', { limit: 'all' })).toMatch(
      /limit must be a whole number/,
    );
  });

  it('refuses bad accounts and amounts', async () => {
    expect(await refusal('account open', { cif: '87654321', currency: 'EUR' })).toMatch(
      /^NOT_FOUND/,
    );
    expect(await refusal('account open', { cif: '12345678', currency: 'XYZ' })).toMatch(
      /^CURRENCY_NOT_OFFERED/,
    );
    expect(
      await refusal('account open', { cif: '12345678', currency: 'EUR', overdraft: '-1' }),
    ).toBe('VALIDATION_FAILED: overdraft: Amount must not have a sign');
    expect(await refusal('account deposit', { iban, amount: '0' })).toMatch(/greater than zero/);
    expect(await refusal('account deposit', { iban, amount: '1,000.00' })).toMatch(/dot/);
    expect(await refusal('account deposit', { iban, amount: '1e3' })).toMatch(/exponent/);
    expect(await refusal('account deposit', { iban, amount: '1000000001' })).toMatch(/not be more/);
    expect(
      await refusal('account deposit', { iban, amount: '1', description: 'x'.repeat(141) }),
    ).toMatch(/description/);
    expect(await refusal('account show', { iban: 'DE00 1234' })).toMatch(/IBAN is not valid/);
    expect(await refusal('account withdraw', { iban, amount: '100.01' })).toMatch(
      /^INSUFFICIENT_FUNDS/,
    );
  });

  it('keeps the overdraft at or above what is used, and accepts 0 to remove it', async () => {
    await call('account overdraft', { iban, amount: '50' });
    await call('account withdraw', { iban, amount: '120.00' });
    expect(await refusal('account overdraft', { iban, amount: '0' })).toMatch(
      /^INSUFFICIENT_FUNDS/,
    );
    await call('account deposit', { iban, amount: '20.00' });
    // The deposit is a queued credit; the ledger's setOverdraft checks the full balance but the
    // table's CHECK sees only the rolled-up one, so roll up first (reported to the ledger owner).
    await call('ledger rollup');
    const removed = await call('account overdraft', { iban, amount: '0.00' });
    expect(removed).toMatchObject({
      previous: '50.00',
      account: { overdraft: '0.00', balance: '0.00' },
    });
  });

  it('refuses bad rates and tariffs', async () => {
    expect(await refusal('rates set', { currency: 'EUR', perEur: '1' })).toMatch(/always 1/);
    expect(await refusal('rates set', { currency: 'CHF', perEur: '0' })).toMatch(
      /greater than zero/,
    );
    expect(await refusal('rates set', { currency: 'CHF', perEur: '0.123456789' })).toMatch(
      /8 decimals/,
    );
    expect(await refusal('rates set', { currency: 'GBP', perEur: '0.85' })).toMatch(
      /does not offer GBP/,
    );
    expect(await refusal('tariff set', { currency: 'EUR', min: '1.00', max: '0.50' })).toMatch(
      /max must not be below min/,
    );
    expect(await refusal('tariff set', { currency: 'EUR', fixed: '0.001' })).toMatch(
      /^VALIDATION_FAILED: fixed: /,
    );
    expect(await refusal('tariff set', { currency: 'EUR', percent: '101' })).toMatch(
      /Percent must not be more/,
    );
  });

  it('refuses unknown settings and values out of range', async () => {
    expect(await refusal('settings set', { key: 'limits.nope', value: '1' })).toMatch(
      /Unknown setting limits\.nope \(known: limits\.partial\.perPayment/,
    );
    expect(
      await refusal('settings set', { key: 'limits.partial.countPerDay', value: 'three' }),
    ).toMatch(/not a valid whole number/);
    expect(await refusal('settings set', { key: 'quotes.validitySeconds', value: '5' })).toMatch(
      /out of range/,
    );
    expect(await refusal('audit list', { limit: '0' })).toMatch(/limit/);
  });

  it('finds audit records by IBAN or CIF', async () => {
    const byIban = await call('audit list', { subject: iban });
    const actions = (byIban.entries as { action: string }[]).map((e) => e.action);
    expect(actions.at(-1)).toBe('account.open');
    const byCif = await call('audit list', { subject: '12345678' });
    expect((byCif.entries as { action: string }[]).map((e) => e.action)).toEqual([
      'customer.create',
    ]);
  });

  it('lists the SMS messages the development provider kept, filtered by CIF', async () => {
    const sms = developmentSms();
    await sms.send(database.db, { phone: '+38344123456', cif: '12345678', text: 'Kodi: 1234' });
    await sms.send(database.db, { phone: '+38344999999', cif: '99999999', text: 'Kodi: 9999' });
    const listed = await call('sms list', { cif: '12345678' });
    expect(listed.messages).toEqual([
      expect.objectContaining({ phone: '+38344123456', cif: '12345678', text: 'Kodi: 1234' }),
    ]);
    expect(await refusal('sms list', { limit: '501' })).toMatch(/limit/);
  });

  it('never seeds demo data in production', async () => {
    const production = { ...context, config: { ...context.config, env: 'production' as const } };
    const outcome = await findCommand(['demo', 'seed'])
      ?.run(production, {})
      .catch((error: unknown) => error);
    expect(isDomainError(outcome, 'VALIDATION_FAILED')).toBe(true);
  });
});
