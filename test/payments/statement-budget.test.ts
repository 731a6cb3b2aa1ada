import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.ts';
import { engineName } from '../helpers/database.ts';
import {
  again,
  type Payer,
  confirm,
  createRequest,
  customerWithQrAccount,
  pay,
  quote,
  setUpBank,
} from '../helpers/payments.ts';

/** Statements per request of the hot paths (issue 10), counted from the request's arrival. */
const quoteStatementsMax = 5;
const confirmStatementsMax = 10;

async function statementsOf(api: TestApi, route: string): Promise<number> {
  const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith(`smartpay_db_statements_total{route="${route}"}`));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function counted<T>(api: TestApi, route: string, work: () => Promise<T>) {
  const before = await statementsOf(api, route);
  const result = await work();
  return { result, statements: (await statementsOf(api, route)) - before };
}

describe(`statements per payment on ${engineName}`, () => {
  let api: TestApi;
  let payee: Payer;
  let payer: Payer;
  beforeAll(async () => {
    api = await startTestApi();
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
});
