import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  openBankAccount,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { pay } from '../helpers/payments.ts';

describe(`history export filters on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  let artaUsdQr: string;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    // 14 June: Besnik pays Arta 1.00; 15 June: Arta pays Besnik 2.00, Besnik pays Arta 3.00.
    api.clock.set('2026-06-14T10:00:00Z');
    expect((await pay(api, besnik, arta.accountCode, '1.00')).statusCode).toBe(201);
    api.clock.set('2026-06-15T10:00:00Z');
    expect((await pay(api, arta, besnik.accountCode, '2.00')).statusCode).toBe(201);
    expect((await pay(api, besnik, arta.accountCode, '3.00')).statusCode).toBe(201);
    // A second QR account of Arta's that received nothing.
    const usd = await openBankAccount(api.database.db, arta.customerId, {
      currency: 'USD',
      balance: 0n,
    });
    const opened = await api.app.inject({
      method: 'POST',
      url: '/api/qr-accounts',
      headers: bearer(arta.token),
      payload: { bankAccountId: usd.id },
    });
    artaUsdQr = opened.json().id;
  });
  afterAll(async () => {
    expect((await verifyLedger(api.database.db)).ok).toBe(true);
    await api.close();
  });

  async function csvRows(query: string): Promise<string[][]> {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/payments.csv?${query}`,
      headers: bearer(arta.token),
    });
    expect(response.statusCode).toBe(200);
    return response.body
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(','));
  }
  const amounts = (rows: string[][]) => rows.map((r) => `${r[1]} ${r[3]}`);

  it('the CSV covers the chosen bank days only', async () => {
    expect(amounts(await csvRows('from=2026-06-01&to=2026-06-30'))).toEqual([
      'incoming 3.00',
      'outgoing 2.00',
      'incoming 1.00',
    ]);
    expect(amounts(await csvRows('from=2026-06-15&to=2026-06-15'))).toEqual([
      'incoming 3.00',
      'outgoing 2.00',
    ]);
    expect(amounts(await csvRows('from=2026-06-14&to=2026-06-14'))).toEqual(['incoming 1.00']);
  });

  it('the CSV can be limited to one direction', async () => {
    expect(amounts(await csvRows('from=2026-06-01&to=2026-06-30&direction=incoming'))).toEqual([
      'incoming 3.00',
      'incoming 1.00',
    ]);
    expect(amounts(await csvRows('from=2026-06-01&to=2026-06-30&direction=outgoing'))).toEqual([
      'outgoing 2.00',
    ]);
  });

  it('the CSV can be limited to one QR account', async () => {
    const all = 'from=2026-06-01&to=2026-06-30';
    expect(await csvRows(`${all}&qrAccountId=${arta.qrAccountId}`)).toHaveLength(3);
    expect(await csvRows(`${all}&qrAccountId=${artaUsdQr}`)).toEqual([]);
    // Someone else's QR account selects nothing of Arta's, and reveals nothing.
    expect(await csvRows(`${all}&qrAccountId=${besnik.qrAccountId}`)).toEqual([]);
    const bad = await api.app.inject({
      method: 'GET',
      url: `/api/payments.csv?${all}&direction=sideways`,
      headers: bearer(arta.token),
    });
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it('the history exports as PDF with the same filters', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/payments.pdf?from=2026-06-01&to=2026-06-30&direction=incoming',
      headers: bearer(arta.token),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain('smartpay-2026-06-01-2026-06-30.pdf');
    const doc = await PDFDocument.load(response.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('SmartPay 2026-06-01 – 2026-06-30');
    const reversed = await api.app.inject({
      method: 'GET',
      url: '/api/payments.pdf?from=2026-06-30&to=2026-06-01',
      headers: bearer(arta.token),
    });
    expect(reversed.json().code).toBe('VALIDATION_FAILED');
  });
});
