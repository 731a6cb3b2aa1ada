/**
 * `scripts/cluster smoke`: a payment through HAProxy on the running HA profile. Two new customers
 * with money (made in the database, as an operator would), a real login of the payer with its
 * SMS code, enrollment and QR accounts for both, a quote and a confirmed payment.
 */
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/connection.ts';
import { openQrAccounts, seedBank } from '../test/faults/support/bank.ts';
import { ApiClient } from '../test/faults/support/client.ts';

const baseUrl = process.env.SMARTPAY_CLUSTER_URL ?? 'http://127.0.0.1:6510';
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');

const database = await openDatabase({ databaseUrl, poolSize: 2 });
try {
  const [payer, payee] = await seedBank(database, 2);
  if (!payer || !payee) throw new Error('seeding failed');
  const api = new ApiClient([baseUrl]);
  await openQrAccounts(api, [payer, payee]);

  // A real full login through HAProxy (any instance), the SMS code read where the development
  // provider stores it.
  const login = await api.request<{ challengeId: string }>('POST', '/api/auth/login', {
    body: { cif: payer.cif, password: payer.password },
  });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  let code: string | undefined;
  for (let attempt = 0; attempt < 50 && code === undefined; attempt += 1) {
    const row = await database.db
      .selectFrom('sms_messages')
      .select('text')
      .where('cif', '=', payer.cif)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    code = /(\d{4})/.exec(row?.text ?? '')?.[1];
    if (code === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (code === undefined) throw new Error('no SMS code arrived');
  const otp = await api.request<{ token: string }>('POST', '/api/auth/login/otp', {
    body: { challengeId: login.body.challengeId, code },
  });
  if (otp.status !== 200) throw new Error(`OTP: ${otp.status} ${JSON.stringify(otp.body)}`);
  const token = otp.body.token;

  const quote = await api.request<{ quoteId: string; fee: { amount: string } }>(
    'POST',
    '/api/payments/quotes',
    {
      token,
      body: { payload: payee.accountCode, fromQrAccountId: payer.qrAccountId, amount: '12.50' },
    },
  );
  if (quote.status !== 201) throw new Error(`quote: ${quote.status} ${JSON.stringify(quote.body)}`);
  const payment = await api.request<{ id: string; status: string }>('POST', '/api/payments', {
    token,
    body: { quoteId: quote.body.quoteId },
    headers: { 'idempotency-key': randomUUID() },
  });
  if (payment.status !== 201)
    throw new Error(`payment: ${payment.status} ${JSON.stringify(payment.body)}`);
  const incoming = await api.request<{ items: { id: string }[] }>(
    'GET',
    '/api/payments?direction=incoming',
    { token: payee.token },
  );
  if (!incoming.body.items.some((item) => item.id === payment.body.id))
    throw new Error('the payment is not in the payee list');
  console.log(
    `smoke: payment ${payment.body.id} ${payment.body.status} through ${baseUrl} (12.50 EUR)`,
  );
} finally {
  await database.close();
}
