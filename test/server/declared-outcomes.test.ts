/**
 * One contract across the wire (STYLE.md §13): each payment use case declares its refusals
 * (src/payments/outcomes.ts), its route documents them with the session guard's, and here the
 * declarations are held against two things they are not built from: the codes the use cases'
 * source can throw, and the answers the real routes give in scenarios that provoke them.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undeclaredProblemsMetric } from '../../src/http/error-handler.ts';
import { declaredCodes } from '../../src/http/problem.ts';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  customerWithMoney,
  customerWithQrAccount,
  fullLogin,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { confirm, createRequest, quote } from '../helpers/payments.ts';

/** The `new DomainError('CODE'` and `qrInvalid(` throw sites of a source file. */
function thrownCodes(path: string): string[] {
  const source = readFileSync(new URL(`../../src/${path}`, import.meta.url), 'utf8');
  const codes = [...source.matchAll(/new DomainError\(\s*'([A-Z_]+)'/g)].map((m) => m[1] ?? '');
  if (/\bqrInvalid\(/.test(source)) codes.push('QR_INVALID');
  return codes;
}

describe(`declared outcomes of the payment routes on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  let documented: (method: string, path: string) => string[];

  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi', { balance: 2_000n });
    const openapi = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    documented = (method, path) =>
      Object.values(openapi.paths[path]?.[method]?.responses ?? {}).flatMap(declaredCodes);
  });
  afterAll(async () => {
    await api.close();
  });

  it('every code the quote and confirm use cases can throw is documented on their routes', () => {
    const quoteSources = ['payments/quotes.ts', 'payments/pricing.ts', 'payments/limits.ts'];
    const resolveSources = ['qr/resolve.ts', 'qr/store.ts', 'qr/emv.ts', 'qr/payload.ts'];
    const confirmSources = [
      'payments/confirm.ts',
      'payments/idempotency.ts',
      'ledger/transfers.ts',
    ];
    const ownCodes = (files: string[]) => [...new Set(files.flatMap(thrownCodes))].sort();
    const quoteCodes = ownCodes([...quoteSources, ...resolveSources]);
    expect(quoteCodes.length).toBeGreaterThan(5);
    expect(documented('post', '/api/payments/quotes')).toEqual(expect.arrayContaining(quoteCodes));
    const confirmCodes = ownCodes([...confirmSources, 'payments/limits.ts', ...resolveSources]);
    expect(documented('post', '/api/payments')).toEqual(expect.arrayContaining(confirmCodes));
  });

  it('POST /api/payments documents the session guard and the in-flight key (CONFLICT)', () => {
    expect(documented('post', '/api/payments')).toEqual(
      expect.arrayContaining([
        'CONFLICT',
        'UNAUTHENTICATED',
        'SESSION_EXPIRED',
        'ORIGIN_MISMATCH',
        'NOT_ENROLLED',
      ]),
    );
  });

  it('what the payment routes answer in refusals is what they document', async () => {
    const answered = new Set<string>();
    const note = (response: { statusCode: number; json(): { code?: string } }) => {
      if (response.statusCode >= 400) answered.add(response.json().code ?? '?');
      return response;
    };
    const request = await createRequest(api, arta, '5.00');
    const post = (url: string, payload: object, headers: Record<string, string>) =>
      api.app.inject({ method: 'POST', url, headers, payload });

    note(await post('/api/payments', { quoteId: randomUUID() }, {}));
    note(
      await post(
        '/api/payments',
        { quoteId: randomUUID() },
        { cookie: `smartpay_session=${besnik.token}` },
      ),
    );
    note(await post('/api/payments', { quoteId: randomUUID() }, bearer(besnik.token)));
    note(await confirm(api, besnik, randomUUID()));
    const quoted = (await quote(api, besnik, request.payload)).json();
    const key = randomUUID();
    expect((await confirm(api, besnik, quoted.quoteId, key)).statusCode).toBe(201);
    note(await confirm(api, besnik, randomUUID(), key));
    note(await confirm(api, besnik, quoted.quoteId));
    note(await quote(api, besnik, request.payload));
    note(await quote(api, besnik, arta.accountCode, '9000'));
    note(await quote(api, besnik, arta.accountCode, '30'));
    note(await quote(api, besnik, arta.accountCode.replace('ARTA K.', 'ARTA X.'), '1'));
    const stranger = await customerWithMoney(api.database.db, { name: 'Drita Hoxha' });
    note(
      await post(
        '/api/payments/quotes',
        { payload: arta.accountCode, fromQrAccountId: 'x' },
        {
          ...bearer(await fullLogin(api, stranger)),
        },
      ),
    );
    api.clock.advance(24 * 60 * 60 * 1000);
    note(await confirm(api, besnik, randomUUID()));

    expect([...answered].sort()).toEqual(
      expect.arrayContaining([
        'IDEMPOTENCY_CONFLICT',
        'IDEMPOTENCY_KEY_REQUIRED',
        'INSUFFICIENT_FUNDS',
        'LIMIT_PER_PAYMENT',
        'NOT_ENROLLED',
        'NOT_FOUND',
        'ORIGIN_MISMATCH',
        'QR_INVALID',
        'QR_USED',
        'QUOTE_EXPIRED',
        'SESSION_EXPIRED',
        'UNAUTHENTICATED',
      ]),
    );
    const undeclared = await api.app.metrics.getSingleMetric(undeclaredProblemsMetric)?.get();
    expect(undeclared?.values ?? []).toEqual([]);
  });
});
