import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { engineName, onPostgres } from '../helpers/database.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { balanceOf, confirmRefund, pay, refundQuote } from '../helpers/payments.ts';

// PGlite runs one transaction at a time, so there the race is only interleaved requests.
const refundsMax = onPostgres ? 30 : 8;

describe(`refunds racing in parallel on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 1_000_000n });
    besnik = await customerWithQrAccount(api, 'Besnik Gashi', { balance: 100_000n });
  });
  afterAll(async () => {
    await api.close();
  });

  it(`${refundsMax} refunds of one 10.00 payment at once never refund more than 10.00`, async () => {
    const paid = await pay(api, besnik, arta.accountCode, '10.00');
    expect(paid.statusCode).toBe(201);
    const paymentId = paid.json().id;
    const besnikBefore = await balanceOf(api, besnik);
    // Every quote is made before any confirm, so each one alone would fit.
    const quoteIds: string[] = [];
    for (let i = 0; i < refundsMax; i++) {
      const quoted = await refundQuote(api, arta, paymentId, '3.00');
      expect(quoted.statusCode).toBe(201);
      quoteIds.push(quoted.json().quoteId);
    }
    const results = await Promise.all(quoteIds.map((id) => confirmRefund(api, arta, id)));
    const codes = results.map((r) => (r.statusCode === 201 ? 'refunded' : r.json().code));
    expect(codes.filter((c) => c === 'refunded')).toHaveLength(3);
    expect(codes.filter((c) => c !== 'refunded')).toEqual(
      Array(refundsMax - 3).fill('REFUND_EXCEEDS_REMAINING'),
    );
    const original = (
      await api.app.inject({
        method: 'GET',
        url: `/api/payments/${paymentId}`,
        headers: bearer(besnik.token),
      })
    ).json();
    expect(original.refunded).toMatchObject({ amount: '9.00', of: '10.00' });
    const cents = (text: string) => BigInt(text.replace('.', ''));
    expect(cents(await balanceOf(api, besnik)) - cents(besnikBefore)).toBe(900n);
    const report = await verifyLedger(api.database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  });

  it('the database refuses a refunded total above the amount, whatever writes it', async () => {
    const paid = await pay(api, besnik, arta.accountCode, '2.00');
    await expect(
      api.database.db
        .updateTable('payments')
        .set({ refunded_minor: 201n })
        .where('id', '=', paid.json().id)
        .execute(),
    ).rejects.toThrow(/payments_refunded_within_amount/);
  });
});
