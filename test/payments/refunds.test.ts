import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { declaredCodes } from '../../src/http/problem.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
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
  balanceOf,
  confirmRefund,
  fullTokenAgain,
  partialSession,
  again,
  pay,
  refund,
  refundQuote,
} from '../helpers/payments.ts';

describe(`refunds on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer; // the payee, who refunds
  let besnik: SmartPayCustomer; // the payer
  let paymentId: string;

  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 100_000n });
    besnik = await customerWithQrAccount(api, 'Besnik Gashi', { balance: 100_000n });
  });
  afterAll(async () => {
    await api.close();
  });
  beforeEach(async () => {
    // A fresh payment of the same amount per test: paid again on purpose (no duplicate question).
    const paid = await pay(api, besnik, arta.accountCode, '12.50', undefined, again);
    expect(paid.statusCode).toBe(201);
    paymentId = paid.json().id;
  });

  async function expectLedgerClean() {
    const report = await verifyLedger(api.database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  }
  const get = (payer: SmartPayCustomer, url: string) =>
    api.app.inject({ method: 'GET', url, headers: bearer(payer.token) });

  it('the payee refunds part of a payment: money moves back, free, and both sides link it', async () => {
    const [artaBefore, besnikBefore] = [await balanceOf(api, arta), await balanceOf(api, besnik)];
    const quoted = await refundQuote(api, arta, paymentId, '5.00');
    expect(quoted.statusCode).toBe(201);
    expect(quoted.json()).toMatchObject({
      kind: 'refund',
      payee: { name: 'Besnik G.' },
      amount: '5.00',
      currency: 'EUR',
      fee: { amount: '0.00', currency: 'EUR' },
      debit: { amount: '5.00', currency: 'EUR' },
      refund: { paymentId, amount: '5.00', of: '12.50', remaining: '12.50', currency: 'EUR' },
    });
    const refunded = await confirmRefund(api, arta, quoted.json().quoteId);
    expect(refunded.statusCode).toBe(201);
    const refundView = refunded.json();
    expect(refundView).toMatchObject({
      kind: 'refund',
      direction: 'outgoing',
      amount: '5.00',
      counterparty: { name: 'Besnik G.' },
      refundOf: { paymentId, amount: '5.00', of: '12.50', currency: 'EUR' },
      fee: { amount: '0.00', currency: 'EUR' },
    });
    expect(Number.parseInt((await balanceOf(api, arta)).replace('.', ''), 10)).toBe(
      Number.parseInt(artaBefore.replace('.', ''), 10) - 500,
    );
    expect(Number.parseInt((await balanceOf(api, besnik)).replace('.', ''), 10)).toBe(
      Number.parseInt(besnikBefore.replace('.', ''), 10) + 500,
    );

    // The original now says what was refunded, on both sides.
    const originalForPayer = (await get(besnik, `/api/payments/${paymentId}`)).json();
    expect(originalForPayer.refunded).toEqual({
      paymentId,
      amount: '5.00',
      of: '12.50',
      currency: 'EUR',
    });
    expect(originalForPayer.refundable).toBeNull();
    const originalForPayee = (await get(arta, `/api/payments/${paymentId}`)).json();
    expect(originalForPayee.refundable).toEqual({ amount: '7.50', currency: 'EUR' });

    // The refund is in each party's list exactly once, and linked from the original.
    const artaOut = (await get(arta, '/api/payments?direction=outgoing&limit=100')).json().items;
    const besnikIn = (await get(besnik, '/api/payments?direction=incoming&limit=100')).json().items;
    expect(artaOut.filter((p: { id: string }) => p.id === refundView.id)).toHaveLength(1);
    const received = besnikIn.filter((p: { id: string }) => p.id === refundView.id);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      direction: 'incoming',
      kind: 'refund',
      counterparty: { name: 'Arta K.' },
      refundOf: { paymentId, amount: '5.00', of: '12.50' },
    });
    const artaIn = (await get(arta, '/api/payments?direction=incoming&limit=100')).json().items;
    expect(artaIn.some((p: { id: string }) => p.id === refundView.id)).toBe(false);
    for (const party of [arta, besnik]) {
      const links = (await get(party, `/api/payments/${paymentId}/refunds`)).json();
      expect(links.refunds.map((r: { id: string }) => r.id)).toEqual([refundView.id]);
    }
    await expectLedgerClean();
  });

  it('several refunds add up to the whole payment; a full refund without an amount takes the rest', async () => {
    for (const amount of ['2.50', '4.00']) {
      expect((await refund(api, arta, paymentId, amount)).statusCode).toBe(201);
    }
    const rest = await refund(api, arta, paymentId);
    expect(rest.statusCode).toBe(201);
    expect(rest.json().refundOf).toMatchObject({ amount: '6.00', of: '12.50' });
    const original = (await get(besnik, `/api/payments/${paymentId}`)).json();
    expect(original.refunded).toMatchObject({ amount: '12.50', of: '12.50' });
    const links = (await get(arta, `/api/payments/${paymentId}/refunds`)).json();
    expect(links.refunds.map((r: { refundOf: { amount: string } }) => r.refundOf.amount)).toEqual([
      '2.50',
      '4.00',
      '6.00',
    ]);
    await expectLedgerClean();
  });

  it('each refusal has its own code: over the remaining amount, not your payment, refunding a refund', async () => {
    expect((await refund(api, arta, paymentId, '10.00')).statusCode).toBe(201);
    const over = await refundQuote(api, arta, paymentId, '2.51');
    expect(over.statusCode).toBe(422);
    expect(over.json()).toMatchObject({
      code: 'REFUND_EXCEEDS_REMAINING',
      remaining: '2.50',
      currency: 'EUR',
    });
    const byPayer = await refundQuote(api, besnik, paymentId, '1.00');
    expect(byPayer.statusCode).toBe(403);
    expect(byPayer.json().code).toBe('REFUND_NOT_PAYEE');
    const stranger = await customerWithQrAccount(api, 'Drita Hoxha');
    expect((await refundQuote(api, stranger, paymentId, '1.00')).json().code).toBe('NOT_FOUND');
    expect((await refundQuote(api, arta, 'not-an-id')).json().code).toBe('NOT_FOUND');
    const refunds = (await get(arta, `/api/payments/${paymentId}/refunds`)).json().refunds;
    const refundOfRefund = await refundQuote(api, besnik, refunds[0].id, '1.00');
    expect(refundOfRefund.json().code).toBe('REFUND_OF_REFUND');
    expect((await refundQuote(api, arta, paymentId, '0')).json().code).toBe('VALIDATION_FAILED');
  });

  it('the remaining amount is checked again at confirm: a quote outrun by another refund is refused', async () => {
    const first = (await refundQuote(api, arta, paymentId, '10.00')).json().quoteId;
    const second = (await refundQuote(api, arta, paymentId, '10.00')).json().quoteId;
    expect((await confirmRefund(api, arta, first)).statusCode).toBe(201);
    const late = await confirmRefund(api, arta, second);
    expect(late.statusCode).toBe(422);
    expect(late.json().code).toBe('REFUND_EXCEEDS_REMAINING');
    await expectLedgerClean();
  });

  it('a retry with the same Idempotency-Key answers the same refund without refunding twice', async () => {
    const quoteId = (await refundQuote(api, arta, paymentId, '3.00')).json().quoteId;
    const key = randomUUID();
    const first = await confirmRefund(api, arta, quoteId, key);
    const again = await confirmRefund(api, arta, quoteId, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const other = (await refundQuote(api, arta, paymentId, '1.00')).json().quoteId;
    expect((await confirmRefund(api, arta, other, key)).json().code).toBe('IDEMPOTENCY_CONFLICT');
    const original = (await get(arta, `/api/payments/${paymentId}`)).json();
    expect(original.refunded.amount).toBe('3.00');
  });

  it('the payer hears a live event that links the refund to the payment', async () => {
    const refunded = (await refund(api, arta, paymentId, '5.00')).json();
    const rows = await api.database.db
      .selectFrom('live_events')
      .select('payload')
      .where('customer_id', '=', besnik.customerId)
      .execute();
    const events = rows.map((r) => r.payload).filter((p) => p.type === 'refund.received');
    expect(events).toContainEqual({
      type: 'refund.received',
      paymentId: refunded.id,
      refundOfPaymentId: paymentId,
      payeeName: 'Arta K.',
      amount: '5.00',
      currency: 'EUR',
      refunded: '5.00',
      of: '12.50',
      originalCurrency: 'EUR',
    });
  });

  it('a refund counts toward the refunder’s own limits at the level of their session', async () => {
    // A payee with no outgoing payments today: partial login allows 100.00 EUR a day.
    const vesa = await customerWithQrAccount(api, 'Vesa Berisha', { balance: 0n });
    const partial = await partialSession(api, vesa);
    const big = await pay(api, besnik, vesa.accountCode, '150.00');
    expect(big.statusCode).toBe(201);
    const overPerPayment = await refundQuote(api, vesa, big.json().id, '100.01', partial);
    expect(overPerPayment.json().code).toBe('LIMIT_PER_PAYMENT');
    expect((await refund(api, vesa, big.json().id, '60.00', partial)).statusCode).toBe(201);
    const overDay = await refundQuote(api, vesa, big.json().id, '50.00', partial);
    expect(overDay.json().code).toBe('LIMIT_PER_DAY');
    // A full session may refund the rest.
    expect((await refund(api, vesa, big.json().id, '90.00')).statusCode).toBe(201);
    await expectLedgerClean();
  });

  it('the refunder needs the money: an empty account cannot refund', async () => {
    const poor = await customerWithQrAccount(api, 'Lura Varfer', { balance: 0n });
    const paid = await pay(api, besnik, poor.accountCode, '4.00');
    expect(paid.statusCode).toBe(201);
    const outgoing = await pay(api, poor, besnik.accountCode, '4.00');
    expect(outgoing.statusCode).toBe(422); // the fee makes 4.00 too much
    expect((await pay(api, poor, besnik.accountCode, '3.00')).statusCode).toBe(201);
    const tooMuch = await refundQuote(api, poor, paid.json().id, '2.00');
    expect(tooMuch.json().code).toBe('INSUFFICIENT_FUNDS');
  });

  it('with the tariff setting on, a refund pays the e-banking fee', async () => {
    await api.database.db
      .insertInto('bank_settings')
      .values({ key: 'refunds.feeCharged', value: '1', updated_by: 'test' })
      .execute();
    try {
      const quoted = (await refundQuote(api, arta, paymentId, '5.00')).json();
      expect(quoted.fee).toEqual({ amount: '0.10', currency: 'EUR' });
      expect(quoted.debit).toEqual({ amount: '5.10', currency: 'EUR' });
      expect((await confirmRefund(api, arta, quoted.quoteId)).statusCode).toBe(201);
      await expectLedgerClean();
    } finally {
      await api.database.db
        .deleteFrom('bank_settings')
        .where('key', '=', 'refunds.feeCharged')
        .execute();
    }
  });

  it('a cross-currency payment is refunded in its own currency and arrives converted', async () => {
    const dollars = await customerWithQrAccount(api, 'Dua Dollar', {
      currency: 'USD',
      balance: 100_000n,
    });
    const paid = await pay(api, dollars, arta.accountCode, '10.00');
    expect(paid.statusCode).toBe(201);
    const quoted = (await refundQuote(api, arta, paid.json().id, '10.00')).json();
    expect(quoted).toMatchObject({
      amount: '10.80',
      currency: 'USD',
      debit: { amount: '10.00', currency: 'EUR' },
      refund: { amount: '10.00', of: '10.00', currency: 'EUR' },
    });
    expect((await confirmRefund(api, arta, quoted.quoteId)).statusCode).toBe(201);
    await expectLedgerClean();
  });

  it('a refund has its own signed receipt that names the receipt of the payment it returns', async () => {
    const refunded = (await refund(api, arta, paymentId, '5.00')).json();
    const receipt = await get(besnik, `/api/payments/${refunded.id}/receipt`);
    expect(receipt.statusCode).toBe(200);
    const original = (await get(arta, `/api/payments/${paymentId}/receipt`)).json();
    expect(receipt.json().fields).toMatchObject({
      kind: 'refund',
      payer: 'Arta K.',
      payee: 'Besnik G.',
      amount: '5.00',
      fee: '0.00',
      refundOf: original.fields.reference,
    });
    const check = await api.app.inject({
      method: 'GET',
      url: `/api/receipts/${receipt.json().fields.reference}`,
    });
    expect(check.json()).toMatchObject({ genuine: true });
    const pdf = await get(arta, `/api/payments/${refunded.id}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('every code the refund use cases can throw is documented on their routes', async () => {
    const openapi = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const documented = (method: string, path: string) =>
      Object.values(openapi.paths[path]?.[method]?.responses ?? {}).flatMap(declaredCodes);
    const thrown = (...files: string[]) =>
      [
        ...new Set(
          files.flatMap((file) =>
            [
              ...readFileSync(
                new URL(`../../src/payments/${file}`, import.meta.url),
                'utf8',
              ).matchAll(/new DomainError\(\s*'([A-Z_]+)'/g),
            ].map((m) => m[1] ?? ''),
          ),
        ),
      ].sort();
    const refundCodes = thrown('refund-decide.ts', 'limits.ts', 'refusals.ts');
    expect(refundCodes).toEqual(
      expect.arrayContaining(['REFUND_EXCEEDS_REMAINING', 'REFUND_OF_REFUND']),
    );
    expect(documented('post', '/api/payments/{id}/refunds/quotes')).toEqual(
      expect.arrayContaining(refundCodes),
    );
    expect(documented('post', '/api/refunds')).toEqual(
      expect.arrayContaining([...refundCodes, ...thrown('refunds.ts', 'idempotency.ts')]),
    );
    const requestCodes = thrown('refund-requests.ts');
    expect(documented('post', '/api/payments/{id}/refund-requests')).toEqual(
      expect.arrayContaining(requestCodes.filter((c) => c !== 'REFUND_REQUEST_NOT_OPEN')),
    );
    expect(documented('post', '/api/refund-requests/{id}/accept')).toEqual(
      expect.arrayContaining([...requestCodes.filter((c) => c !== 'CONFLICT'), ...refundCodes]),
    );
  });

  it('outside the window (90 days by default) the payment can no longer be refunded', async () => {
    api.clock.advance(91 * 86_400_000);
    const token = await fullTokenAgain(api, arta);
    const late = await refundQuote(api, arta, paymentId, '1.00', token);
    expect(late.statusCode).toBe(422);
    expect(late.json()).toMatchObject({
      code: 'REFUND_WINDOW_CLOSED',
      windowDays: 90,
    });
  });
});
