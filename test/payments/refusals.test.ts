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
import { confirm, pay, quote } from '../helpers/payments.ts';

/**
 * Every money figure in a refusal is a decimal string next to its currency, whether the quote or
 * the confirm refuses (issue 10): never minor units.
 */
describe(`money in refusals on ${engineName}`, () => {
  let api: TestBank;
  let payee: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api, { feePercent: '0' });
    payee = await customerWithQrAccount(api, 'Arta Krasniqi');
  });
  afterAll(async () => {
    await api.close();
  });

  it('INSUFFICIENT_FUNDS: the quote and the confirm both say what is available, in the account currency', async () => {
    const payer = await customerWithQrAccount(api, 'Besnik Gashi', {
      balance: 20_00n,
      overdraft: 5_00n,
    });
    const refused = await quote(api, payer, payee.accountCode, '30.00');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      available: '25.00',
      currency: 'EUR',
    });
    const first = await quote(api, payer, payee.accountCode, '15.00');
    expect((await pay(api, payer, payee.accountCode, '15.00')).statusCode).toBe(201);
    const late = await confirm(api, payer, first.json().quoteId);
    expect(late.statusCode).toBe(422);
    // 20.00 + 5.00 overdraft − 15.00 − 0.10 fee
    expect(late.json()).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      available: '9.90',
      currency: 'EUR',
    });
  });

  it('INSUFFICIENT_FUNDS in a USD account speaks USD', async () => {
    const payer = await customerWithQrAccount(api, 'Dua Dollar', {
      currency: 'USD',
      balance: 3_00n,
    });
    expect((await quote(api, payer, payee.accountCode, '10.00')).json()).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      available: '3.00',
      currency: 'USD',
    });
  });

  it('LIMIT_PER_DAY: limit and remaining in EUR, from the quote and from the confirm', async () => {
    const payer = await customerWithQrAccount(api, 'Ermal Ditor', { balance: 5_000_000n });
    const first = await quote(api, payer, payee.accountCode, '8000.00');
    const second = await quote(api, payer, payee.accountCode, '8000.00');
    expect((await confirm(api, payer, first.json().quoteId)).statusCode).toBe(201);
    expect((await pay(api, payer, payee.accountCode, '7000.00')).statusCode).toBe(201);
    expect((await quote(api, payer, payee.accountCode, '1000.01')).json()).toMatchObject({
      code: 'LIMIT_PER_DAY',
      limit: '16000.00',
      remaining: '1000.00',
      currency: 'EUR',
    });
    const late = await confirm(api, payer, second.json().quoteId);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({
      code: 'LIMIT_PER_DAY',
      limit: '16000.00',
      remaining: '1000.00',
      currency: 'EUR',
    });
  });

  it('LIMIT_PER_PAYMENT: the limit in EUR, from the quote and from the confirm', async () => {
    const payer = await customerWithQrAccount(api, 'Fatos Limit', { balance: 5_000_000n });
    expect((await quote(api, payer, payee.accountCode, '8000.01')).json()).toMatchObject({
      code: 'LIMIT_PER_PAYMENT',
      limit: '8000.00',
      currency: 'EUR',
    });
    const quoted = await quote(api, payer, payee.accountCode, '600.00');
    expect(quoted.statusCode).toBe(201);
    await updateSetting(api.database.db, 'limits.full.perPayment', '500.00', 'operator:test');
    try {
      const late = await confirm(api, payer, quoted.json().quoteId);
      expect(late.statusCode).toBe(422);
      expect(late.json()).toMatchObject({
        code: 'LIMIT_PER_PAYMENT',
        limit: '500.00',
        currency: 'EUR',
      });
    } finally {
      await updateSetting(api.database.db, 'limits.full.perPayment', '8000.00', 'operator:test');
    }
  });
});
