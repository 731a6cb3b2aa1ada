import { randomUUID } from 'node:crypto';
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
import { balanceOf, confirm, createRequest, pay, quote } from '../helpers/payments.ts';

describe(`payments on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 100_000n });
    besnik = await customerWithQrAccount(api, 'Besnik Gashi', {
      balance: 50_000n,
      overdraft: 20_000n,
    });
  });
  afterAll(async () => {
    expect((await verifyLedger(api.database.db)).ok).toBe(true);
    await api.close();
  });

  it('a request is paid: payee gets exactly the amount, payer pays amount plus fee', async () => {
    const request = await createRequest(api, arta, '12.50', 'Dreka');
    const quoted = await quote(api, besnik, request.payload);
    expect(quoted.statusCode).toBe(201);
    expect(quoted.json()).toMatchObject({
      kind: 'request',
      payee: { name: 'Arta K.' },
      amount: '12.50',
      currency: 'EUR',
      note: 'Dreka',
      fee: { amount: '0.11', currency: 'EUR' },
      debit: { amount: '12.61', currency: 'EUR' },
      rate: null,
      available: { amount: '700.00' },
    });
    expect(quoted.json().limits).toMatchObject({
      level: 'full',
      remainingToday: { amount: '16000.00' },
    });
    const paid = await confirm(api, besnik, quoted.json().quoteId);
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({
      status: 'completed',
      direction: 'outgoing',
      amount: '12.50',
      counterparty: { name: 'Arta K.' },
      requestId: request.id,
    });
    expect(paid.json()).toMatchObject({ fee: { amount: '0.11' }, debit: { amount: '12.61' } });
    expect(await balanceOf(api, arta)).toBe('1012.50');
    expect(await balanceOf(api, besnik)).toBe('487.39');
    const after = (
      await api.app.inject({
        method: 'GET',
        url: `/api/requests/${request.id}`,
        headers: bearer(arta.token),
      })
    ).json();
    expect(after).toMatchObject({ status: 'closed', paidByPaymentId: paid.json().id });
  });

  it('an account code is paid with the amount the payer types', async () => {
    const paid = await pay(api, besnik, arta.accountCode, '5.00');
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ kind: 'account', amount: '5.00', requestId: null });
  });

  it('the fee is a percentage within min and max', async () => {
    const quoted = await quote(api, besnik, arta.accountCode, '500.00');
    expect(quoted.json().fee).toEqual({ amount: '0.60', currency: 'EUR' });
    const big = await quote(api, arta, besnik.accountCode, '900.00');
    expect(big.json().fee.amount).toBe('1.00');
  });

  it('a cross-currency payment debits the payer at the bank rate and the payee gets the exact amount', async () => {
    const dollars = await customerWithQrAccount(api, 'Dardan Berisha', {
      currency: 'USD',
      balance: 100_000n,
    });
    const request = await createRequest(api, arta, '10.00');
    const quoted = await quote(api, dollars, request.payload);
    // 10.00 EUR at 1.08 USD per EUR is 10.80 USD; no USD tariff, so no fee.
    expect(quoted.json()).toMatchObject({
      amount: '10.00',
      currency: 'EUR',
      debit: { amount: '10.80', currency: 'USD' },
      fee: { amount: '0.00', currency: 'USD' },
      rate: { value: '0.92592593', from: 'USD', to: 'EUR' },
    });
    const before = await balanceOf(api, arta);
    expect((await confirm(api, dollars, quoted.json().quoteId)).statusCode).toBe(201);
    expect(await balanceOf(api, dollars)).toBe('989.20');
    expect(
      Number.parseInt((await balanceOf(api, arta)).replace('.', ''), 10) -
        Number.parseInt(before.replace('.', ''), 10),
    ).toBe(1000);
  });

  it('the approved overdraft can be used, and not beyond', async () => {
    const poor = await customerWithQrAccount(api, 'Drita Hoxha', {
      balance: 1_000n,
      overdraft: 2_000n,
    });
    // 29.87 + fee (0.10 + 0.1% = 0.13) = 30.00: the balance lands exactly on the overdraft limit.
    expect((await pay(api, poor, arta.accountCode, '29.87')).statusCode).toBe(201);
    expect(await balanceOf(api, poor)).toBe('-20.00');
    const refused = await quote(api, poor, arta.accountCode, '0.01');
    expect(refused.json().code).toBe('INSUFFICIENT_FUNDS');
  });

  it('a paid request cannot be paid again', async () => {
    const request = await createRequest(api, arta, '1.00');
    expect((await pay(api, besnik, request.payload)).statusCode).toBe(201);
    expect((await quote(api, besnik, request.payload)).json().code).toBe('QR_USED');
  });

  it('a request paid between quote and confirm is refused at confirm', async () => {
    const request = await createRequest(api, arta, '2.00');
    const first = await quote(api, besnik, request.payload);
    const dritonLate = await customerWithQrAccount(api, 'Driton Late');
    const second = await quote(api, dritonLate, request.payload);
    expect((await confirm(api, besnik, first.json().quoteId)).statusCode).toBe(201);
    expect((await confirm(api, dritonLate, second.json().quoteId)).json().code).toBe('QR_USED');
  });

  it('a cancelled request is refused, at quote and at confirm', async () => {
    const request = await createRequest(api, arta, '3.00');
    const quoted = await quote(api, besnik, request.payload);
    await api.app.inject({
      method: 'POST',
      url: `/api/requests/${request.id}/cancel`,
      headers: bearer(arta.token),
    });
    expect((await confirm(api, besnik, quoted.json().quoteId)).json().code).toBe('QR_CANCELLED');
    expect((await quote(api, besnik, request.payload)).json().code).toBe('QR_CANCELLED');
  });

  it('codes of a deleted QR account are refused as not valid', async () => {
    const temp = await customerWithQrAccount(api, 'Fatos Temp');
    const request = await createRequest(api, temp, '5.00');
    const payer = await customerWithQrAccount(api, 'Gent Payer');
    const quoted = await quote(api, payer, temp.accountCode, '1.00');
    await api.app.inject({
      method: 'DELETE',
      url: `/api/qr-accounts/${temp.qrAccountId}?confirm=true`,
      headers: bearer(temp.token),
    });
    expect((await confirm(api, payer, quoted.json().quoteId)).json().code).toBe(
      'QR_ACCOUNT_NOT_VALID',
    );
    expect((await quote(api, payer, temp.accountCode, '1.00')).json().code).toBe(
      'QR_ACCOUNT_NOT_VALID',
    );
    expect((await quote(api, payer, request.payload)).json().code).toBe('QR_ACCOUNT_NOT_VALID');
  });

  it('paying your own code from the same account is refused', async () => {
    expect((await quote(api, arta, arta.accountCode, '1.00')).json().code).toBe('SAME_ACCOUNT');
  });

  it('an account code needs an amount; a request refuses one; bad amounts are refused', async () => {
    const request = await createRequest(api, arta, '6.00');
    expect((await quote(api, besnik, arta.accountCode)).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'amount',
    });
    expect((await quote(api, besnik, request.payload, '6.00')).json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'amount',
    });
    for (const bad of ['0', '-1', '1.234', 'abc', '1e3'])
      expect((await quote(api, besnik, arta.accountCode, bad)).json().code).toBe(
        'VALIDATION_FAILED',
      );
  });

  it('a tampered or garbage payload is refused as QR_INVALID', async () => {
    const request = await createRequest(api, arta, '7.00');
    const tampered = request.payload.replace('5404' + '7.00', '5404' + '9.00');
    expect((await quote(api, besnik, tampered)).json().code).toBe('QR_INVALID');
    expect((await quote(api, besnik, 'hello')).json().code).toBe('QR_INVALID');
  });

  it('the same Idempotency-Key returns the same payment and pays once; another body with it is refused', async () => {
    const request = await createRequest(api, arta, '8.00');
    const quoted = await quote(api, besnik, request.payload);
    const key = randomUUID();
    const first = await confirm(api, besnik, quoted.json().quoteId, key);
    const again = await confirm(api, besnik, quoted.json().quoteId, key);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotency-replayed']).toBe('true');
    const other = await quote(api, besnik, arta.accountCode, '1.00');
    expect((await confirm(api, besnik, other.json().quoteId, key)).json().code).toBe(
      'IDEMPOTENCY_CONFLICT',
    );
    const payments = await api.database.db
      .selectFrom('payments')
      .select('id')
      .where('code_id', '=', request.id)
      .execute();
    expect(payments).toHaveLength(1);
  });

  it('a confirmation without an Idempotency-Key is refused', async () => {
    const quoted = await quote(api, besnik, arta.accountCode, '1.00');
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/payments',
      headers: bearer(besnik.token),
      payload: { quoteId: quoted.json().quoteId },
    });
    expect(response.json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('lists show each side, newest first, and a receipt only to its two parties', async () => {
    const fresh = await customerWithQrAccount(api, 'Hana Lista');
    const payer = await customerWithQrAccount(api, 'Ilir Paguesi');
    const ids: string[] = [];
    for (const amount of ['1.00', '2.00', '3.00'])
      ids.push((await pay(api, payer, fresh.accountCode, amount)).json().id);
    const incoming = (
      await api.app.inject({
        method: 'GET',
        url: '/api/payments?direction=incoming&limit=2',
        headers: bearer(fresh.token),
      })
    ).json();
    expect(incoming.items.map((p: { amount: string }) => p.amount)).toEqual(['3.00', '2.00']);
    expect(incoming.items[0]).toMatchObject({
      direction: 'incoming',
      counterparty: { name: 'Ilir P.' },
      fee: null,
      debit: null,
    });
    const next = (
      await api.app.inject({
        method: 'GET',
        url: `/api/payments?direction=incoming&limit=2&cursor=${incoming.nextCursor}`,
        headers: bearer(fresh.token),
      })
    ).json();
    expect(next.items.map((p: { amount: string }) => p.amount)).toEqual(['1.00']);
    const outgoing = (
      await api.app.inject({
        method: 'GET',
        url: '/api/payments?direction=outgoing',
        headers: bearer(payer.token),
      })
    ).json();
    expect(outgoing.items).toHaveLength(3);
    expect(outgoing.items[0].fee).toEqual({ amount: '0.10', currency: 'EUR' });
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: `/api/payments/${ids[0]}`,
          headers: bearer(fresh.token),
        })
      ).json().direction,
    ).toBe('incoming');
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: `/api/payments/${ids[0]}`,
          headers: bearer(arta.token),
        })
      ).json().code,
    ).toBe('NOT_FOUND');
  });

  it('the CSV export has a header, both directions and decimal amounts', async () => {
    const csv = await api.app.inject({
      method: 'GET',
      url: '/api/payments.csv?from=2026-01-01&to=2026-12-31',
      headers: bearer(besnik.token),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'date,direction,counterparty,amount,currency,fee,debit,debit_currency,rate,note,payment_id',
    );
    expect(
      lines.some((l) => l.includes(',outgoing,Arta K.,12.50,EUR,0.11,12.61,EUR,,Dreka,')),
    ).toBe(true);
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: '/api/payments.csv?from=2026-02-30&to=2026-12-31',
          headers: bearer(besnik.token),
        })
      ).json().code,
    ).toBe('VALIDATION_FAILED');
  });

  it('payments need enrollment', async () => {
    const { customerWithMoney, fullLogin } = await import('../helpers/bank.ts');
    const stranger = await customerWithMoney(api.database.db, { name: 'Jeta Pa Regjistrim' });
    const token = await fullLogin(api, stranger);
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/payments/quotes',
      headers: bearer(token),
      payload: { payload: arta.accountCode, fromQrAccountId: arta.qrAccountId, amount: '1.00' },
    });
    expect(response.json().code).toBe('NOT_ENROLLED');
  });
});

describe(`payments and time on ${engineName}`, () => {
  let api: TestBank;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('an expired request is refused', async () => {
    const arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    const request = await createRequest(api, arta, '4.00');
    api.clock.advance(24 * 60 * 60_000 + 1);
    const payer = await customerWithQrAccount(api, 'Edona Time');
    expect((await quote(api, payer, request.payload)).json().code).toBe('QR_EXPIRED');
  });

  it('a quote expires after its validity (60 s by default)', async () => {
    const arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    const payer = await customerWithQrAccount(api, 'Fisnik Vonë');
    const quoted = await quote(api, payer, arta.accountCode, '1.00');
    api.clock.advance(60_000);
    expect((await confirm(api, payer, quoted.json().quoteId)).json().code).toBe('QUOTE_EXPIRED');
  });
});
