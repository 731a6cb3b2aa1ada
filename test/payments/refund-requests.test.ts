import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { confirmRefund, pay } from '../helpers/payments.ts';

describe(`refund requests on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer; // the payee
  let besnik: SmartPayCustomer; // the payer, who asks

  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 100_000n });
    besnik = await customerWithQrAccount(api, 'Besnik Gashi', { balance: 100_000n });
  });
  afterAll(async () => {
    await api.close();
  });

  const post = (who: SmartPayCustomer, url: string, payload: object = {}) =>
    api.app.inject({ method: 'POST', url, headers: bearer(who.token), payload });
  const get = (who: SmartPayCustomer, url: string) =>
    api.app.inject({ method: 'GET', url, headers: bearer(who.token) });
  const eventsOf = async (who: SmartPayCustomer, type: string) =>
    (
      await api.database.db
        .selectFrom('live_events')
        .select('payload')
        .where('customer_id', '=', who.customerId)
        .orderBy('id')
        .execute()
    )
      .map((r) => r.payload)
      .filter((p) => p.type === type);

  async function payment(amount: string): Promise<string> {
    const paid = await pay(api, besnik, arta.accountCode, amount);
    expect(paid.statusCode).toBe(201);
    return paid.json().id;
  }

  it('the payer asks, the payee sees it and accepts: the refund quote is for the amount asked', async () => {
    const paymentId = await payment('12.50');
    const asked = await post(besnik, `/api/payments/${paymentId}/refund-requests`, {
      amount: '5.00',
      reason: 'Paguajta dy herë',
    });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({
      paymentId,
      amount: '5.00',
      currency: 'EUR',
      reason: 'Paguajta dy herë',
      status: 'open',
      payerName: 'Besnik G.',
    });
    expect(await eventsOf(arta, 'refund.requested')).toContainEqual(
      expect.objectContaining({
        requestId: asked.json().id,
        amount: '5.00',
        reason: 'Paguajta dy herë',
      }),
    );
    const waiting = (await get(arta, '/api/refund-requests')).json().items;
    expect(waiting.map((r: { id: string }) => r.id)).toContain(asked.json().id);
    expect((await get(besnik, '/api/refund-requests')).json().items).toEqual([]);

    const again = await post(besnik, `/api/payments/${paymentId}/refund-requests`, {
      reason: 'Përsëri',
    });
    expect(again.json().code).toBe('CONFLICT');

    const accepted = await post(arta, `/api/refund-requests/${asked.json().id}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().request.status).toBe('accepted');
    expect(accepted.json().quote).toMatchObject({
      kind: 'refund',
      amount: '5.00',
      refund: { paymentId, amount: '5.00', of: '12.50' },
    });
    const refunded = await confirmRefund(api, arta, accepted.json().quote.quoteId);
    expect(refunded.statusCode).toBe(201);

    // The payer sees the outcome: the event, and the request and refund on the payment.
    expect(await eventsOf(besnik, 'refund.request.answered')).toContainEqual(
      expect.objectContaining({ requestId: asked.json().id, status: 'accepted' }),
    );
    const detail = (await get(besnik, `/api/payments/${paymentId}/refunds`)).json();
    expect(detail.requests[0]).toMatchObject({ id: asked.json().id, status: 'accepted' });
    expect(detail.refunds).toHaveLength(1);
    expect((await get(arta, '/api/refund-requests')).json().items).toEqual([]);
    const answeredAgain = await post(arta, `/api/refund-requests/${asked.json().id}/decline`);
    expect(answeredAgain.statusCode).toBe(409);
    expect(answeredAgain.json().code).toBe('REFUND_REQUEST_NOT_OPEN');
    const report = await verifyLedger(api.database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  });

  it('the payee declines: the payer hears it and may ask again', async () => {
    const paymentId = await payment('8.00');
    const asked = (
      await post(besnik, `/api/payments/${paymentId}/refund-requests`, { reason: 'Gabim' })
    ).json();
    expect(asked.amount).toBe('8.00'); // without an amount: all that remains
    const declined = await post(arta, `/api/refund-requests/${asked.id}/decline`);
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ request: { status: 'declined' }, quote: null });
    expect(await eventsOf(besnik, 'refund.request.answered')).toContainEqual(
      expect.objectContaining({ requestId: asked.id, status: 'declined' }),
    );
    const detail = (await get(besnik, `/api/payments/${paymentId}/refunds`)).json();
    expect(detail.requests[0]).toMatchObject({ status: 'declined' });
    expect(
      (await post(besnik, `/api/payments/${paymentId}/refund-requests`, { reason: 'Ju lutem' }))
        .statusCode,
    ).toBe(201);
  });

  it('only the payer asks, only the payee answers, never more than remains', async () => {
    const paymentId = await payment('3.00');
    const byPayee = await post(arta, `/api/payments/${paymentId}/refund-requests`, { reason: 'x' });
    expect(byPayee.json().code).toBe('VALIDATION_FAILED');
    const tooMuch = await post(besnik, `/api/payments/${paymentId}/refund-requests`, {
      amount: '3.01',
      reason: 'x',
    });
    expect(tooMuch.json().code).toBe('REFUND_EXCEEDS_REMAINING');
    const asked = (
      await post(besnik, `/api/payments/${paymentId}/refund-requests`, { reason: 'x' })
    ).json();
    const byPayer = await post(besnik, `/api/refund-requests/${asked.id}/accept`);
    expect(byPayer.json().code).toBe('NOT_FOUND');
    const empty = await post(besnik, `/api/payments/${paymentId}/refund-requests`, { reason: ' ' });
    expect(empty.json().code).toBe('VALIDATION_FAILED');
  });
});
