/**
 * Invariant 8 for split-bill codes under races: a code in N shares is never paid for more than
 * N shares, and one payer never pays two shares of a one-share-per-payer code, however many
 * confirms run at once. 30 payers race for 5 shares on PostgreSQL (PGlite runs its
 * transactions one at a time: fewer payers prove the same there).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName, onPostgres } from '../helpers/database.ts';
import { bearer, type SmartPayCustomer, type TestBank } from '../helpers/bank.ts';
import {
  again,
  balanceOf,
  confirm,
  createSplitRequest,
  ledgerViolations,
  quote,
  startRacingBank,
} from '../helpers/payments.ts';

const payersMax = onPostgres ? 30 : 8;
const shares = 5;

describe(`split shares racing in parallel on ${engineName}`, () => {
  let api: TestBank;
  let payee: SmartPayCustomer;
  let payers: readonly SmartPayCustomer[];
  beforeAll(async () => {
    ({ api, payee, payers } = await startRacingBank(payersMax));
  }, 180_000);
  afterAll(() => api.close());

  async function storedShares(codeId: string) {
    const { rows } = await sql<{ share_number: number; amount_minor: bigint }>`
      select share_number, amount_minor from payments where code_id = ${codeId}::uuid
       order by share_number`.execute(api.database.db);
    return rows;
  }

  it(`${payersMax} payers confirming at once for ${shares} shares: exactly ${shares} paid, the rest refused with SPLIT_ALL_PAID`, async () => {
    const split = await createSplitRequest(api, payee, '50.00', shares);
    const quotes = await Promise.all(
      payers.map(async (payer) => {
        const quoted = await quote(api, payer, split.payload);
        expect(quoted.statusCode).toBe(201);
        return { payer, quoteId: quoted.json().quoteId as string };
      }),
    );
    const results = await Promise.all(
      quotes.map(({ payer, quoteId }) =>
        confirm(api, payer, quoteId, undefined, payer.token, again),
      ),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'paid' : r.json().code));
    expect(codes.filter((c) => c === 'paid')).toHaveLength(shares);
    expect(codes.filter((c) => c !== 'paid')).toEqual(
      Array(payersMax - shares).fill('SPLIT_ALL_PAID'),
    );
    const paidShares = results.filter((r) => r.statusCode === 201).map((r) => r.json().share);
    expect(paidShares.map((s) => s.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await storedShares(split.id)).map((r) => r.share_number)).toEqual([1, 2, 3, 4, 5]);
    const request = await api.app.inject({
      method: 'GET',
      url: `/api/requests/${split.id}`,
      headers: bearer(payee.token),
    });
    expect(request.json()).toMatchObject({ status: 'closed', split: { paidShares: shares } });
    expect(await balanceOf(api, payee)).toBe('50.00');
    expect(await ledgerViolations(api)).toEqual([]);
  });

  it('a bill with a remainder: racing payers never pay more than the total, nor more than N shares', async () => {
    const split = await createSplitRequest(api, payee, '10.00', 3);
    // Rounds until every share is paid: the first share (3.34) is quoted to everyone at first,
    // so the losers of that race are told SPLIT_SHARE_CHANGED and scan again.
    const outcomes: string[] = [];
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all(
        payers.map(async (payer) => {
          const quoted = await quote(api, payer, split.payload);
          if (quoted.statusCode !== 201) return quoted.json().code as string;
          const paid = await confirm(api, payer, quoted.json().quoteId);
          return paid.statusCode === 201 ? 'paid' : (paid.json().code as string);
        }),
      );
      outcomes.push(...results);
    }
    expect(outcomes.filter((c) => c === 'paid')).toHaveLength(3);
    const unexpected = outcomes.filter(
      (c) =>
        !['paid', 'SPLIT_ALL_PAID', 'SPLIT_SHARE_CHANGED', 'SPLIT_SHARE_ALREADY_PAID'].includes(c),
    );
    expect(unexpected).toEqual([]);
    const stored = await storedShares(split.id);
    expect(stored.map((r) => [r.share_number, r.amount_minor])).toEqual([
      [1, 334n],
      [2, 333n],
      [3, 333n],
    ]);
    expect(await ledgerViolations(api)).toEqual([]);
  });

  it('one payer firing 5 confirms at once for a one-share-per-payer code pays exactly one share', async () => {
    const split = await createSplitRequest(api, payee, '25.00', shares);
    const payer = payers[0]!;
    const quoteIds: string[] = [];
    for (let i = 0; i < 5; i++)
      quoteIds.push((await quote(api, payer, split.payload)).json().quoteId);
    const results = await Promise.all(
      quoteIds.map((id) => confirm(api, payer, id, undefined, payer.token, again)),
    );
    const codes = results.map((r) => (r.statusCode === 201 ? 'paid' : r.json().code));
    expect(codes.filter((c) => c === 'paid')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'paid')).toEqual(Array(4).fill('SPLIT_SHARE_ALREADY_PAID'));
    expect(await storedShares(split.id)).toHaveLength(1);
    expect(await ledgerViolations(api)).toEqual([]);
  });
});
