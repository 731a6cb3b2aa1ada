import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import {
  confirm,
  confirmRefund,
  createRequest,
  pay,
  quote,
  refundQuote,
  again,
} from '../helpers/payments.ts';

/** Statements per request of the hot paths (issue 10), counted from the request's arrival. */
const quoteStatementsMax = 5;
const confirmStatementsMax = 10;

async function statementsOf(api: TestBank, route: string): Promise<number> {
  const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`smartpay_db_statements_total{route="${route}"}`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function counted<T>(api: TestBank, route: string, work: () => Promise<T>) {
  const before = await statementsOf(api, route);
  const result = await work();
  return { result, statements: (await statementsOf(api, route)) - before };
}

describe(`statements per payment on ${engineName}`, () => {
  let api: TestBank;
  let payee: SmartPayCustomer;
  let payer: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    payee = await customerWithQrAccount(api, 'Arta Krasniqi');
    payer = await customerWithQrAccount(api, 'Besnik Gashi', { balance: 1_000_000n });
  });
  afterAll(async () => {
    await api.close();
  });

  for (const kind of ['account code', 'request', 'cross-currency account code'] as const) {
    it(`a ${kind} is quoted in at most ${quoteStatementsMax} and confirmed in at most ${confirmStatementsMax} statements`, async () => {
      const from =
        kind === 'cross-currency account code'
          ? await customerWithQrAccount(api, 'Dua Dollar', { currency: 'USD', balance: 100_000n })
          : payer;
      const payload =
        kind === 'request' ? (await createRequest(api, payee, '7.25')).payload : payee.accountCode;
      const amount = kind === 'request' ? undefined : '3.10';
      // Warm the per-process caches (settings, internal accounts) as a running server has them.
      const warm = await pay(api, from, payee.accountCode, '1.00', undefined, again);
      expect(warm.statusCode).toBe(201);
      const quoted = await counted(api, '/api/payments/quotes', () =>
        quote(api, from, payload, amount),
      );
      expect(quoted.result.statusCode).toBe(201);
      const paid = await counted(api, '/api/payments', () =>
        confirm(api, from, quoted.result.json().quoteId),
      );
      expect(paid.result.statusCode).toBe(201);
      console.info(`${kind}: quote ${quoted.statements}, confirm ${paid.statements} statements`);
      expect(quoted.statements).toBeLessThanOrEqual(quoteStatementsMax);
      expect(paid.statements).toBeLessThanOrEqual(confirmStatementsMax);
      expect(quoted.statements).toBeGreaterThan(0);
    });
  }

  it(`a refund is quoted in at most ${quoteStatementsMax} and confirmed in at most ${confirmStatementsMax} statements`, async () => {
    const paid = await pay(api, payer, payee.accountCode, '9.00');
    expect(paid.statusCode).toBe(201);
    const warmQuote = await refundQuote(api, payee, paid.json().id, '1.00');
    expect((await confirmRefund(api, payee, warmQuote.json().quoteId)).statusCode).toBe(201);
    const quoted = await counted(api, '/api/payments/:id/refunds/quotes', () =>
      refundQuote(api, payee, paid.json().id, '2.00'),
    );
    expect(quoted.result.statusCode).toBe(201);
    const refunded = await counted(api, '/api/refunds', () =>
      confirmRefund(api, payee, quoted.result.json().quoteId),
    );
    expect(refunded.result.statusCode).toBe(201);
    console.info(`refund: quote ${quoted.statements}, confirm ${refunded.statements} statements`);
    expect(quoted.statements).toBeLessThanOrEqual(quoteStatementsMax);
    expect(refunded.statements).toBeLessThanOrEqual(confirmStatementsMax);
    expect(quoted.statements).toBeGreaterThan(0);
  });
});
