import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import {
  again,
  createRequest,
  fullTokenAgain,
  partialSession,
  pay,
  quote,
} from '../helpers/payments.ts';

describe(`limits on ${engineName}`, () => {
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

  it('partial login: at most 100 EUR per payment', async () => {
    const payer = await customerWithQrAccount(api, 'Besa Pjesshme', { balance: 1_000_000n });
    const partial = await partialSession(api, payer);
    expect((await quote(api, payer, payee.accountCode, '100.01', partial)).json()).toMatchObject({
      code: 'LIMIT_PER_PAYMENT',
      limit: '100.00',
    });
    expect((await pay(api, payer, payee.accountCode, '100.00', partial)).statusCode).toBe(201);
  });

  it('partial login: at most 100 EUR per day, counting payments made in a full login', async () => {
    const payer = await customerWithQrAccount(api, 'Blerim Ditor', { balance: 1_000_000n });
    expect((await pay(api, payer, payee.accountCode, '60.00')).statusCode).toBe(201);
    const partial = await partialSession(api, payer);
    expect((await quote(api, payer, payee.accountCode, '40.01', partial)).json()).toMatchObject({
      code: 'LIMIT_PER_DAY',
      remaining: '40.00',
    });
    expect((await pay(api, payer, payee.accountCode, '40.00', partial)).statusCode).toBe(201);
  });

  it('partial login: at most 3 payments a day', async () => {
    const payer = await customerWithQrAccount(api, 'Drilon Tre', { balance: 1_000_000n });
    const partial = await partialSession(api, payer);
    for (let i = 0; i < 3; i++)
      expect((await pay(api, payer, payee.accountCode, '1.00', partial, again)).statusCode).toBe(
        201,
      );
    expect((await quote(api, payer, payee.accountCode, '1.00', partial)).json().code).toBe(
      'LIMIT_COUNT_PER_DAY',
    );
  });

  it('full login: at most 8,000 EUR per payment and 16,000 EUR per day, no count limit', async () => {
    const payer = await customerWithQrAccount(api, 'Ermal Plotë', { balance: 5_000_000n });
    expect((await quote(api, payer, payee.accountCode, '8000.01')).json().code).toBe(
      'LIMIT_PER_PAYMENT',
    );
    expect((await pay(api, payer, payee.accountCode, '8000.00')).statusCode).toBe(201);
    expect((await pay(api, payer, payee.accountCode, '7999.00')).statusCode).toBe(201);
    expect((await quote(api, payer, payee.accountCode, '1.01')).json()).toMatchObject({
      code: 'LIMIT_PER_DAY',
      remaining: '1.00',
    });
    expect((await pay(api, payer, payee.accountCode, '1.00')).statusCode).toBe(201);
  });

  it('other currencies count at their EUR equivalent at the bank rate', async () => {
    const dollars = await customerWithQrAccount(api, 'Fjolla Dollar', {
      currency: 'USD',
      balance: 1_000_000n,
    });
    const partial = await partialSession(api, dollars);
    // 108.00 USD is 100.00 EUR at 1.08: just inside; 108.02 USD is 100.02 EUR: outside.
    expect((await quote(api, dollars, payee.accountCode, '100.01', partial)).json().code).toBe(
      'LIMIT_PER_PAYMENT',
    );
    const request = await createRequest(api, payee, '100.00');
    const quoted = await quote(api, dollars, request.payload, undefined, partial);
    expect(quoted.json()).toMatchObject({
      debit: { amount: '108.00', currency: 'USD' },
      limits: { remainingToday: { amount: '100.00' } },
    });
  });

  it('the day is the bank day in Europe/Belgrade: the limits start again at local midnight', async () => {
    const payer = await customerWithQrAccount(api, 'Gresa Mesnatë', { balance: 10_000_000n });
    api.clock.set('2026-06-15T21:50:00Z'); // 23:50 in Belgrade (summer time)
    let token = await fullTokenAgain(api, payer);
    expect((await pay(api, payer, payee.accountCode, '8000.00', token)).statusCode).toBe(201);
    expect((await pay(api, payer, payee.accountCode, '8000.00', token, again)).statusCode).toBe(
      201,
    );
    expect((await quote(api, payer, payee.accountCode, '1.00', token)).json().code).toBe(
      'LIMIT_PER_DAY',
    );
    api.clock.set('2026-06-15T22:00:00Z'); // 00:00 in Belgrade: a new bank day
    token = await fullTokenAgain(api, payer);
    expect((await pay(api, payer, payee.accountCode, '1.00', token)).statusCode).toBe(201);
  });

  it('a quote made before midnight and confirmed after it counts in the new bank day', async () => {
    const payer = await customerWithQrAccount(api, 'Hekuran Kufi', { balance: 10_000_000n });
    api.clock.set('2026-06-16T21:59:30Z'); // 23:59:30 in Belgrade
    const token = await fullTokenAgain(api, payer);
    await pay(api, payer, payee.accountCode, '8000.00', token);
    await pay(api, payer, payee.accountCode, '7500.00', token);
    const quoted = await quote(api, payer, payee.accountCode, '400.00', token);
    expect(quoted.json().limits.remainingToday.amount).toBe('500.00');
    api.clock.set('2026-06-16T22:00:10Z'); // 00:00:10: the next bank day
    const paid = await api.app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: { ...bearer(token), 'idempotency-key': 'after-midnight-1' },
      payload: { quoteId: quoted.json().quoteId },
    });
    expect(paid.statusCode).toBe(201);
    const row = await api.database.db
      .selectFrom('payments')
      .select('bank_day')
      .where('id', '=', paid.json().id)
      .executeTakeFirstOrThrow();
    expect(String(row.bank_day)).toContain('2026-06-17');
    const usage = await api.database.db
      .selectFrom('daily_usage')
      .select(['bank_day', 'eur_minor'])
      .where('customer_id', '=', payer.customerId)
      .orderBy('bank_day')
      .execute();
    expect(usage.map((u) => u.eur_minor)).toEqual([1_550_000n, 40_000n]);
  });

  it('limits are bank settings', async () => {
    const { updateSetting } = await import('../../src/db/settings.ts');
    await updateSetting(api.database.db, 'limits.full.perPayment', '50.00', 'test');
    const payer = await customerWithQrAccount(api, 'Ilirjana Rregull', { balance: 1_000_000n });
    expect((await quote(api, payer, payee.accountCode, '50.01')).json()).toMatchObject({
      code: 'LIMIT_PER_PAYMENT',
      limit: '50.00',
    });
    await updateSetting(api.database.db, 'limits.full.perPayment', '8000.00', 'test');
  });
});
