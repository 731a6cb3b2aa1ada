import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpPending } from '../../src/ledger/rollup.ts';
import { engineName, onPostgres } from '../helpers/database.ts';
import { customerWithQrAccount, type SmartPayCustomer, type TestBank } from '../helpers/bank.ts';
import {
  again,
  balanceOf,
  confirm,
  createRequest,
  ledgerViolations,
  partialSession,
  quote,
  startRacingBank,
} from '../helpers/payments.ts';

const payersMax = onPostgres ? 20 : 8;

describe(`payments racing in parallel on ${engineName}`, () => {
  let api: TestBank;
  let payee: SmartPayCustomer;
  let payers: readonly SmartPayCustomer[];
  beforeAll(async () => {
    ({ api, payee, payers } = await startRacingBank(payersMax));
  }, 120_000);
  afterAll(() => api.close());

  it(`${payersMax} clients paying one request at once: exactly one succeeds, the rest get QR_USED`, async () => {
    const request = await createRequest(api, payee, '10.00');
    const quotes = await Promise.all(
      payers.map(async (payer) => ({
        payer,
        quoteId: (await quote(api, payer, request.payload)).json().quoteId as string,
      })),
    );
    const results = await Promise.all(
      quotes.map(({ payer, quoteId }) => confirm(api, payer, quoteId)),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'paid' : r.json().code));
    expect(codes.filter((c) => c === 'paid')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'paid')).toEqual(Array(payersMax - 1).fill('QR_USED'));
    expect(await ledgerViolations(api)).toEqual([]);
  });

  it('a partial-level customer firing 10 small payments at once: exactly 3 succeed', async () => {
    const payer = await customerWithQrAccount(api, 'Besa Pjesshme', { balance: 100_000n });
    const partial = await partialSession(api, payer);
    const quoteIds: string[] = [];
    for (let i = 0; i < 10; i++)
      quoteIds.push((await quote(api, payer, payee.accountCode, '1.00', partial)).json().quoteId);
    const results = await Promise.all(
      quoteIds.map((id) => confirm(api, payer, id, undefined, partial, again)),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'paid' : r.json().code));
    expect(codes.filter((c) => c === 'paid')).toHaveLength(3);
    expect(codes.filter((c) => c !== 'paid')).toEqual(Array(7).fill('LIMIT_COUNT_PER_DAY'));
    expect(await ledgerViolations(api)).toEqual([]);
  });

  it('many payers paying one payee at once: every payment lands and balances are exact', async () => {
    const before = await balanceOf(api, payee);
    const rounds = onPostgres ? 5 : 2;
    const quotes: { payer: SmartPayCustomer; quoteId: string }[] = [];
    for (let round = 0; round < rounds; round++)
      for (const payer of payers)
        quotes.push({
          payer,
          quoteId: (await quote(api, payer, payee.accountCode, '1.25')).json().quoteId,
        });
    const started = performance.now();
    const results = await Promise.all(
      quotes.map(({ payer, quoteId }) => confirm(api, payer, quoteId, undefined, undefined, again)),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(results.filter((r) => r.statusCode !== 201).map((r) => r.json().code)).toEqual([]);
    console.info(
      `${engineName}: ${quotes.length} payments to one payee in ${Math.round(seconds * 1000)} ms = ${Math.round(quotes.length / seconds)} payments/s (confirm only, in-process HTTP)`,
    );
    const expected = BigInt(before.replace('.', '')) + 125n * BigInt(quotes.length);
    expect(BigInt((await balanceOf(api, payee)).replace('.', ''))).toBe(expected);
    await rollUpPending(api.database);
    expect(BigInt((await balanceOf(api, payee)).replace('.', ''))).toBe(expected);
    expect(await ledgerViolations(api)).toEqual([]);
  });

  it('the same payment confirmed twice at once with one Idempotency-Key pays once', async () => {
    const payer = payers[1]!;
    const quoteId = (await quote(api, payer, payee.accountCode, '2.00')).json().quoteId;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => confirm(api, payer, quoteId, 'same-key-at-once')),
    );
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(await ledgerViolations(api)).toEqual([]);
  });
});
