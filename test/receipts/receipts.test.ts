import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { readReceiptFromPdf } from '../../src/receipts/index.ts';
import { engineName } from '../helpers/database.ts';
import { editEmbeddedAmount } from '../helpers/receipts.ts';
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

describe(`verifiable receipts on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  let jeta: SmartPayCustomer;
  let paymentId: string;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    jeta = await customerWithQrAccount(api, 'Jeta Berisha');
    const request = await createRequest(api, arta, '12.50', 'Dreka');
    const paid = await pay(api, besnik, request.payload);
    expect(paid.statusCode).toBe(201);
    paymentId = paid.json().id;
  });
  afterAll(async () => {
    expect((await verifyLedger(api.database.db)).ok).toBe(true);
    await api.close();
  });

  const get = (url: string, token?: string) =>
    api.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

  it('both parties get the same signed receipt with masked names, amount, fee and time', async () => {
    const forPayer = await get(`/api/payments/${paymentId}/receipt`, besnik.token);
    expect(forPayer.statusCode).toBe(200);
    const receipt = forPayer.json();
    expect(receipt.fields).toMatchObject({
      version: 1,
      kind: 'payment',
      payer: 'Besnik G.',
      payee: 'Arta K.',
      amount: '12.50',
      currency: 'EUR',
      fee: '0.11',
      feeCurrency: 'EUR',
      rate: null,
      paidAt: '2026-06-15T10:00:00.000Z',
      refundOf: null,
    });
    expect(receipt.fields.reference).toMatch(/^[A-Z2-7]{12}$/);
    expect(receipt.verifyUrl).toBe(`${api.config.publicOrigin}/verify/${receipt.fields.reference}`);
    const forPayee = await get(`/api/payments/${paymentId}/receipt`, arta.token);
    expect(forPayee.json()).toEqual(receipt);
  });

  it('nobody else gets a receipt of the payment', async () => {
    const response = await get(`/api/payments/${paymentId}/receipt`, jeta.token);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
    expect((await get(`/api/payments/${paymentId}/receipt.pdf`)).statusCode).toBe(401);
  });

  it('the published key verifies the receipt, and the public check says genuine', async () => {
    const keys = await get('/api/receipts/keys');
    expect(keys.statusCode).toBe(200);
    expect(keys.json().keys).toHaveLength(1);
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, besnik.token)).json();
    expect(keys.json().keys[0]).toMatchObject({ keyId: receipt.keyId, status: 'current' });
    const byReference = await get(`/api/receipts/${receipt.fields.reference}`);
    expect(byReference.statusCode).toBe(200);
    expect(byReference.json()).toMatchObject({
      genuine: true,
      receipt: { fields: receipt.fields },
    });
    const presented = await api.app.inject({
      method: 'POST',
      url: '/api/receipts/verify',
      payload: { fields: receipt.fields, keyId: receipt.keyId, signature: receipt.signature },
    });
    expect(presented.statusCode).toBe(200);
    expect(presented.json().genuine).toBe(true);
  });

  it('a tampered receipt is refused by the API', async () => {
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, besnik.token)).json();
    const tampered = await api.app.inject({
      method: 'POST',
      url: '/api/receipts/verify',
      payload: {
        fields: { ...receipt.fields, amount: '125.00' },
        keyId: receipt.keyId,
        signature: receipt.signature,
      },
    });
    expect(tampered.statusCode).toBe(422);
    expect(tampered.json()).toMatchObject({ code: 'RECEIPT_NOT_GENUINE', reason: 'signature' });
    const unknown = await get('/api/receipts/AAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
  });

  it('a receipt whose stored record was altered is refused, on the API and the public page', async () => {
    const other = await pay(api, besnik, arta.accountCode, '3.00');
    const id = other.json().id as string;
    const receipt = (await get(`/api/payments/${id}/receipt`, besnik.token)).json();
    const reference = receipt.fields.reference as string;
    // Someone with database access rewrites the stored fields and keeps the old signature.
    await api.database.db
      .updateTable('receipts')
      .set({ fields: JSON.stringify({ ...receipt.fields, amount: '300.00' }) })
      .where('reference', '=', reference)
      .execute();
    expect((await get(`/api/receipts/${reference}`)).json()).toMatchObject({
      code: 'RECEIPT_NOT_GENUINE',
      reason: 'signature',
    });
    const page = await api.app.inject({
      method: 'GET',
      url: `/verify/${reference}?lang=en`,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('Receipt not genuine');
    expect(page.body).not.toContain('300.00');
  });

  it('the public page needs no login, says genuine and shows only what the receipt shows', async () => {
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, arta.token)).json();
    const page = await api.app.inject({
      method: 'GET',
      url: `/verify/${receipt.fields.reference}`,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Dëshmi e vërtetë');
    for (const shown of ['Besnik G.', 'Arta K.', '12.50 EUR', '0.11 EUR', '15.06.2026 12:00'])
      expect(page.body).toContain(shown);
    // Nothing beyond the receipt: no full names, no IBAN, no note, no internal ids.
    for (const hidden of ['Krasniqi', 'Gashi', 'Dreka', paymentId])
      expect(page.body).not.toContain(hidden);
    expect(page.body).not.toMatch(/XK\d{18}/); // no IBAN
    const english = await api.app.inject({
      method: 'GET',
      url: `/verify/${receipt.fields.reference.toLowerCase()}`,
      headers: { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.9' },
    });
    expect(english.body).toContain('Genuine receipt');
    const unknown = await api.app.inject({
      method: 'GET',
      url: '/verify/AAAAAAAAAAAA',
      headers: { accept: 'text/html' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Dëshmi e panjohur');
  });

  it('the PDF carries the signed receipt and a QR code to its verification address', async () => {
    const response = await get(`/api/payments/${paymentId}/receipt.pdf`, besnik.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, besnik.token)).json();
    const embedded = await readReceiptFromPdf(bytes);
    expect(embedded).toEqual({
      fields: receipt.fields,
      keyId: receipt.keyId,
      signature: receipt.signature,
    });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toContain(receipt.fields.reference.slice(0, 4));
  });

  it('the PNG shows a QR code that decodes to the verification address', async () => {
    const response = await get(`/api/payments/${paymentId}/receipt.png`, arta.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const picture = PNG.sync.read(response.rawPayload);
    expect(picture.width).toBe(720);
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, arta.token)).json();
    expect((await decodeQrPng(response.rawPayload)).map((qr) => qr.text)).toEqual([
      receipt.verifyUrl,
    ]);
  });

  it('a PDF whose embedded fields were edited no longer verifies', async () => {
    const bytes = (await get(`/api/payments/${paymentId}/receipt.pdf`, besnik.token)).rawPayload;
    const edited = await editEmbeddedAmount(bytes, '99.99');
    const read = await readReceiptFromPdf(edited);
    expect(read?.fields.amount).toBe('99.99');
    const answer = await api.app.inject({
      method: 'POST',
      url: '/api/receipts/verify',
      payload: read,
    });
    expect(answer.json().code).toBe('RECEIPT_NOT_GENUINE');
  });

  it('after a key rotation the previous key still verifies; once retired, the bank signs the record again', async () => {
    const receipt = (await get(`/api/payments/${paymentId}/receipt`, besnik.token)).json();
    const fresh = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const appWith = (env: Record<string, string>) => startTestBank({ sameDatabaseAs: api, env });
    const rotating = await appWith({
      SMARTPAY_RECEIPT_SIGNING_KEY: fresh,
      SMARTPAY_RECEIPT_SIGNING_KEY_PREVIOUS: api.config.receiptSigningKey,
    });
    try {
      const keys = (await rotating.app.inject({ method: 'GET', url: '/api/receipts/keys' })).json();
      expect(keys.keys.map((k: { status: string }) => k.status)).toEqual(['current', 'previous']);
      expect(keys.keys[1].keyId).toBe(receipt.keyId);
      const checked = await rotating.app.inject({
        method: 'GET',
        url: `/api/receipts/${receipt.fields.reference}`,
      });
      expect(checked.json()).toMatchObject({ genuine: true, receipt: { keyId: receipt.keyId } });
    } finally {
      await rotating.close();
    }
    const retired = await appWith({ SMARTPAY_RECEIPT_SIGNING_KEY: fresh });
    try {
      const checked = await retired.app.inject({
        method: 'GET',
        url: `/api/receipts/${receipt.fields.reference}`,
      });
      expect(checked.statusCode).toBe(200);
      expect(checked.json().receipt.keyId).not.toBe(receipt.keyId);
      expect(checked.json().receipt.fields).toEqual(receipt.fields);
      // The old signature alone no longer convinces the retired-key server.
      const old = await retired.app.inject({
        method: 'POST',
        url: '/api/receipts/verify',
        payload: { fields: receipt.fields, keyId: receipt.keyId, signature: receipt.signature },
      });
      expect(old.json()).toMatchObject({ code: 'RECEIPT_NOT_GENUINE', reason: 'unknown-key' });
    } finally {
      await retired.close();
    }
  });
});
