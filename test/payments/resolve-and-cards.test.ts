/**
 * A scanned code resolved before any amount is typed (POST /api/payments/resolve), the share
 * cards of both kinds of code (PNG and SVG), and "paid by" on a paid request.
 */
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import { decodeQrPng } from '../qr/zxing.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { createRequest, pay } from '../helpers/payments.ts';

describe(`resolving a scanned code and sharing cards on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  const resolve = (payload: string, token = besnik.token) =>
    api.app.inject({
      method: 'POST',
      url: '/api/payments/resolve',
      headers: bearer(token),
      payload: { payload },
    });
  const get = (url: string, token = arta.token) =>
    api.app.inject({ method: 'GET', url, headers: bearer(token) });

  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi');
  });
  afterAll(async () => {
    await api.close();
  });

  it('an account code resolves to its payee and currency, with no amount', async () => {
    const response = await resolve(arta.accountCode);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      kind: 'account',
      payee: { name: 'Arta K.' },
      currency: 'EUR',
      amount: null,
      note: null,
      expiresAt: null,
    });
  });

  it('a request resolves with its fixed amount and validity', async () => {
    const request = await createRequest(api, arta, '9.99', 'Kafe');
    const answer = (await resolve(request.payload)).json();
    expect(answer).toMatchObject({
      kind: 'request',
      amount: '9.99',
      currency: 'EUR',
      note: 'Kafe',
    });
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(api.clock.now().getTime());
  });

  it('an edited code is refused before anything is typed', async () => {
    const edited = arta.accountCode.replace('ARTA K.', 'ARTA X.');
    const response = await resolve(edited);
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('QR_INVALID');
  });

  it('without a session it answers 401', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/payments/resolve',
      payload: { payload: arta.accountCode },
    });
    expect(response.statusCode).toBe(401);
  });

  it('a paid request shows who paid it, to the payee only', async () => {
    const request = await createRequest(api, arta, '5.00');
    expect((await pay(api, besnik, request.payload)).statusCode).toBe(201);
    const mine = (await get(`/api/requests/${request.id}`)).json();
    expect(mine.paidBy).toEqual({ name: 'Besnik G.' });
    const listed = (await get('/api/requests?status=closed')).json();
    expect(listed.items[0].paidBy).toEqual({ name: 'Besnik G.' });
    const open = await createRequest(api, arta, '1.00');
    expect((await get(`/api/requests/${open.id}`)).json().paidBy).toBeNull();
    expect((await resolve(request.payload)).json().code).toBe('QR_USED');
  });

  it('a request card carries the QR, the masked name, the amount the Albanian way and the validity', async () => {
    const request = await createRequest(api, arta, '1234.50');
    const svg = await get(`/api/requests/${request.id}/card.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    for (const text of ['Arta K.', '1.234,50 EUR', 'Vlen deri', 'Skanoni me SmartPay', 'Banka'])
      expect(svg.body).toContain(text);
    expect((await get(`/api/requests/${request.id}/card.svg?lang=en`)).body).toContain(
      '1,234.50 EUR',
    );
    const png = await get(`/api/requests/${request.id}/card.png?width=480`);
    expect(png.headers['content-type']).toBe('image/png');
    const picture = PNG.sync.read(png.rawPayload);
    expect(picture.width).toBe(480);
    expect(picture.height).toBeGreaterThan(picture.width);
    expect((await decodeQrPng(png.rawPayload))[0]?.text).toBe(request.payload);
  });

  it('an account card says the payer types the amount; others’ cards are not found', async () => {
    const svg = await get(`/api/qr-accounts/${arta.qrAccountId}/card.svg`);
    expect(svg.body).toContain('Shumën e vendos paguesi');
    expect(svg.body).not.toContain('Vlen deri');
    const others = await get(`/api/qr-accounts/${arta.qrAccountId}/card.png`, besnik.token);
    expect(others.statusCode).toBe(404);
  });
});
