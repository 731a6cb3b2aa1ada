import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmartPayPayload } from '../../src/qr/index.ts';
import { engineName } from '../helpers/database.ts';
import { decodeQrPng } from './zxing.ts';
import {
  bearer,
  customerWithMoney,
  enrolledLogin,
  fullLogin,
  accountIn,
  startTestBank,
  type TestBank,
  type TestCustomer,
} from '../helpers/bank.ts';

const decodePng = async (png: Buffer) => (await decodeQrPng(png))[0]?.text;

describe(`QR accounts and requests through the API on ${engineName}`, () => {
  let api: TestBank;
  let token: string;
  let arta: TestCustomer;
  let otherToken: string;
  let eurAccountId: string;
  let usdAccountId: string;
  const get = (url: string, t = token) =>
    api.app.inject({ method: 'GET', url, headers: bearer(t) });
  const post = (url: string, payload: object = {}, t = token) =>
    api.app.inject({ method: 'POST', url, headers: bearer(t), payload });

  beforeAll(async () => {
    api = await startTestBank();
    arta = await customerWithMoney(api.database.db, {
      name: 'Arta Krasniqi',
      accounts: [{ currency: 'EUR' }, { currency: 'USD' }],
    });
    eurAccountId = accountIn(arta, 'EUR');
    usdAccountId = accountIn(arta, 'USD');
    token = await enrolledLogin(api, arta);
    const besa = await customerWithMoney(api.database.db, { name: 'Besa Gashi' });
    otherToken = await enrolledLogin(api, besa);
  });
  afterAll(async () => {
    await api.close();
  });

  it('opens QR accounts in several currencies, each with its account code, and lists them', async () => {
    const eur = await post('/api/qr-accounts', { bankAccountId: eurAccountId });
    expect(eur.statusCode).toBe(201);
    expect(eur.json()).toMatchObject({
      currency: 'EUR',
      payeeName: 'Arta K.',
      balance: '1000.00',
      status: 'open',
    });
    const usd = await post('/api/qr-accounts', { bankAccountId: usdAccountId });
    expect(usd.json().currency).toBe('USD');
    const listed = (await get('/api/qr-accounts')).json();
    expect(listed.map((a: { currency: string }) => a.currency).sort()).toEqual(['EUR', 'USD']);
    const code = (await get(`/api/qr-accounts/${eur.json().id}/code`)).json();
    expect(code.payload).toBe(eur.json().accountCode.payload);
    const parsed = parseSmartPayPayload(code.payload, {
      schemeId: api.config.qrSchemeId,
      keys: { current: api.config.qrMacKey },
    });
    expect(parsed).toMatchObject({ kind: 'account', currency: 'EUR', amountMinor: null });
  });

  it("refuses a second open QR account for the same bank account, and others' bank accounts", async () => {
    expect((await post('/api/qr-accounts', { bankAccountId: eurAccountId })).json().code).toBe(
      'QR_ACCOUNT_EXISTS',
    );
    expect(
      (await post('/api/qr-accounts', { bankAccountId: eurAccountId }, otherToken)).json().code,
    ).toBe('NOT_FOUND');
  });

  it('creates a request for 12.50 EUR, lists it, cancels it and shows it cancelled', async () => {
    const [account] = (await get('/api/qr-accounts'))
      .json()
      .filter((a: { currency: string }) => a.currency === 'EUR');
    const created = await post('/api/requests', {
      qrAccountId: account.id,
      amount: '12.50',
      note: 'Dreka',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      amount: '12.50',
      currency: 'EUR',
      status: 'open',
      note: 'Dreka',
    });
    expect(new Date(created.json().expiresAt).getTime() - api.clock.now().getTime()).toBe(
      24 * 60 * 60_000,
    );
    const open = (await get('/api/requests?status=open')).json();
    expect(open.items.map((r: { id: string }) => r.id)).toContain(created.json().id);
    const cancelled = await post(`/api/requests/${created.json().id}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    expect((await post(`/api/requests/${created.json().id}/cancel`)).json().code).toBe(
      'QR_CANCELLED',
    );
    const listed = (await get('/api/requests?status=cancelled')).json();
    expect(listed.items[0]).toMatchObject({ id: created.json().id, status: 'cancelled' });
  });

  it('the pictures decode back to the exact payload', async () => {
    const [account] = (await get('/api/qr-accounts')).json();
    const created = (
      await post('/api/requests', { qrAccountId: account.id, amount: '3.00' })
    ).json();
    const png = await get(`/api/requests/${created.id}/qr.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(await decodePng(png.rawPayload)).toBe(created.payload);
    const svg = await get(`/api/qr-accounts/${account.id}/code.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    expect(
      await decodePng((await get(`/api/qr-accounts/${account.id}/code.png?size=256`)).rawPayload),
    ).toBe(account.accountCode.payload);
  });

  it('bad amounts and notes are refused with a clear error', async () => {
    const [account] = (await get('/api/qr-accounts')).json();
    for (const amount of ['0', '12.345', '-1', 'ten', '9999999999999'])
      expect(
        (await post('/api/requests', { qrAccountId: account.id, amount })).json(),
      ).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(
      (
        await post('/api/requests', {
          qrAccountId: account.id,
          amount: '1.00',
          note: 'x'.repeat(141),
        })
      ).json().code,
    ).toBe('VALIDATION_FAILED');
  });

  it('another customer cannot see, cancel or delete them: NOT_FOUND, never FORBIDDEN', async () => {
    const [account] = (await get('/api/qr-accounts')).json();
    const created = (
      await post('/api/requests', { qrAccountId: account.id, amount: '5.00' })
    ).json();
    expect((await get(`/api/requests/${created.id}`, otherToken)).json().code).toBe('NOT_FOUND');
    expect((await post(`/api/requests/${created.id}/cancel`, {}, otherToken)).json().code).toBe(
      'NOT_FOUND',
    );
    expect((await get(`/api/requests/${created.id}/qr.png`, otherToken)).statusCode).toBe(404);
    expect((await get(`/api/qr-accounts/${account.id}/code`, otherToken)).statusCode).toBe(404);
    expect(
      (
        await api.app.inject({
          method: 'DELETE',
          url: `/api/qr-accounts/${account.id}?confirm=true`,
          headers: bearer(otherToken),
        })
      ).statusCode,
    ).toBe(404);
    expect((await get('/api/requests', otherToken)).json().items).toEqual([]);
  });

  it('deleting needs an explicit approval, cancels open requests, and the bank account can get a new QR account', async () => {
    const account = (await get('/api/qr-accounts'))
      .json()
      .find((a: { currency: string }) => a.currency === 'USD');
    const request = (
      await post('/api/requests', { qrAccountId: account.id, amount: '6.00' })
    ).json();
    const unapproved = await api.app.inject({
      method: 'DELETE',
      url: `/api/qr-accounts/${account.id}`,
      headers: bearer(token),
    });
    expect(unapproved.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'confirm' });
    const deleted = await api.app.inject({
      method: 'DELETE',
      url: `/api/qr-accounts/${account.id}?confirm=true`,
      headers: bearer(token),
    });
    expect(deleted.json()).toMatchObject({ id: account.id, cancelledRequests: 1 });
    expect((await get(`/api/requests/${request.id}`)).json().status).toBe('cancelled');
    expect((await get('/api/qr-accounts')).json().map((a: { id: string }) => a.id)).not.toContain(
      account.id,
    );
    expect((await post('/api/qr-accounts', { bankAccountId: usdAccountId })).statusCode).toBe(201);
  });

  it('requests expire with the test clock: listed as expired and no longer cancellable', async () => {
    const [account] = (await get('/api/qr-accounts')).json();
    const created = (
      await post('/api/requests', { qrAccountId: account.id, amount: '4.00' })
    ).json();
    api.clock.advance(24 * 60 * 60_000);
    token = await fullLogin(api, arta);
    expect((await get(`/api/requests/${created.id}`)).json().status).toBe('expired');
    expect(
      (await get('/api/requests?status=expired')).json().items.map((r: { id: string }) => r.id),
    ).toContain(created.id);
    expect((await post(`/api/requests/${created.id}/cancel`)).json().code).toBe('QR_EXPIRED');
  });
});
