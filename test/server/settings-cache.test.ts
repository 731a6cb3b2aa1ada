import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/db/settings.ts';
import { engineName } from '../helpers/database.ts';
import {
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { quote } from '../helpers/payments.ts';

/**
 * Two app instances on one database, each with its own settings cache: a change made outside
 * both (as `smartpay settings set` does) is in force on both at their next request. On
 * PostgreSQL the second instance has its own connection pool, as a second server process has.
 */
describe(`bank settings cached per instance on ${engineName}`, () => {
  let first: TestBank;
  let second: TestBank;
  let payee: SmartPayCustomer;
  let payer: SmartPayCustomer;
  beforeAll(async () => {
    first = await startTestBank();
    second = await startTestBank({ sameDatabaseAs: first });
    await setUpBank(first, { feePercent: '0' });
    payee = await customerWithQrAccount(first, 'Arta Krasniqi');
    payer = await customerWithQrAccount(first, 'Besnik Gashi', { balance: 1_000_000n });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  const perPaymentLimitOn = async (api: TestBank) => {
    const refused = await quote(api, payer, payee.accountCode, '9999.00');
    expect(refused.statusCode).toBe(422);
    return refused.json().limit as string;
  };

  it('a setting changed by the operator is in force on every instance at its next request', async () => {
    expect(await perPaymentLimitOn(first)).toBe('8000.00');
    expect(await perPaymentLimitOn(second)).toBe('8000.00');
    await updateSetting(first.database.db, 'limits.full.perPayment', '5.00', 'operator:test');
    expect(await perPaymentLimitOn(second)).toBe('5.00');
    expect(await perPaymentLimitOn(first)).toBe('5.00');
    expect((await quote(second, payer, payee.accountCode, '5.01')).json()).toMatchObject({
      code: 'LIMIT_PER_PAYMENT',
    });
    await updateSetting(first.database.db, 'limits.full.perPayment', '7.00', 'operator:test');
    expect((await quote(first, payer, payee.accountCode, '6.00')).statusCode).toBe(201);
    expect((await quote(second, payer, payee.accountCode, '6.00')).statusCode).toBe(201);
    expect(await perPaymentLimitOn(second)).toBe('7.00');
  });

  it('a shorter idle timeout ends sessions on every instance', async () => {
    await updateSetting(first.database.db, 'sessions.idleMinutes', '5', 'operator:test');
    expect((await quote(second, payer, payee.accountCode, '1.00')).statusCode).toBe(201);
    first.clock.advance(3 * 60_000);
    await updateSetting(first.database.db, 'sessions.idleMinutes', '2', 'operator:test');
    expect((await quote(second, payer, payee.accountCode, '1.00')).json().code).toBe(
      'SESSION_EXPIRED',
    );
    expect((await quote(first, payer, payee.accountCode, '1.00')).json().code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
