/**
 * Task verbs for payment scenarios through the real HTTP app: a bank with rates and a tariff, an
 * enrolled customer with a funded account and its QR account, requests, quotes and payments.
 */
import { randomUUID } from 'node:crypto';
import { parsePercent, parseRate } from '../../src/core/money.ts';
import { setRate } from '../../src/payments/rates.ts';
import { setTariff } from '../../src/payments/tariffs.ts';
import { SoftAuthenticator } from './webauthn.ts';
import {
  bearer,
  createTestCustomer,
  enrolledLogin,
  openFundedAccount,
  type TestApi,
} from './api.ts';

export interface Payer {
  readonly customerId: string;
  readonly cif: string;
  readonly password: string;
  readonly token: string;
  readonly bankAccountId: string;
  readonly qrAccountId: string;
  readonly accountCode: string;
}

export async function setUpBank(
  api: TestApi,
  options: { feePercent?: string } = {},
): Promise<void> {
  const db = api.database.db;
  await setRate(db, 'USD', parseRate('1.08'), 'test');
  await setRate(db, 'CHF', parseRate('0.94'), 'test');
  await setRate(db, 'ALL', parseRate('98.5'), 'test');
  await setTariff(
    db,
    {
      currency: 'EUR',
      fixedMinor: 10n,
      percent: parsePercent(options.feePercent ?? '0.1'),
      minMinor: 10n,
      maxMinor: 200n,
    },
    'test',
  );
}

export async function customerWithQrAccount(
  api: TestApi,
  name: string,
  options: { currency?: string; balance?: bigint; overdraft?: bigint } = {},
): Promise<Payer> {
  const customer = await createTestCustomer(api, name);
  const account = await openFundedAccount(
    api,
    customer.id,
    options.currency ?? 'EUR',
    options.balance ?? 100_000n,
    options.overdraft ?? 0n,
  );
  const token = await enrolledLogin(api, customer);
  const opened = await api.app.inject({
    method: 'POST',
    url: '/api/qr-accounts',
    headers: bearer(token),
    payload: { bankAccountId: account.id },
  });
  if (opened.statusCode !== 201) throw new Error(`opening the QR account failed: ${opened.body}`);
  return {
    customerId: customer.id,
    cif: customer.cif,
    password: customer.password,
    token,
    bankAccountId: account.id,
    qrAccountId: opened.json().id,
    accountCode: opened.json().accountCode.payload,
  };
}

export async function createRequest(api: TestApi, payee: Payer, amount: string, note?: string) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: bearer(payee.token),
    payload: { qrAccountId: payee.qrAccountId, amount, ...(note ? { note } : {}) },
  });
  if (response.statusCode !== 201) throw new Error(`creating the request failed: ${response.body}`);
  return response.json() as {
    id: string;
    payload: string;
    amount: string;
    currency: string;
    status: string;
  };
}

export function quote(
  api: TestApi,
  payer: Payer,
  payload: string,
  amount?: string,
  token = payer.token,
) {
  return api.app.inject({
    method: 'POST',
    url: '/api/payments/quotes',
    headers: bearer(token),
    payload: {
      payload,
      fromQrAccountId: payer.qrAccountId,
      ...(amount === undefined ? {} : { amount }),
    },
  });
}

export interface ConfirmOptions {
  /**
   * The payer's second confirmation of a suspected duplicate (the same payee and amount within
   * the bank's window): for scenarios that pay the same amount again on purpose.
   */
  readonly confirmDuplicate?: boolean;
}

/** A payer who means to pay the same amount again (limits, races): says so at confirm. */
export const again: ConfirmOptions = { confirmDuplicate: true };

export function confirm(
  api: TestApi,
  payer: Payer,
  quoteId: string,
  key: string = randomUUID(),
  token = payer.token,
  options: ConfirmOptions = {},
) {
  return api.app.inject({
    method: 'POST',
    url: '/api/payments',
    headers: { ...bearer(token), 'idempotency-key': key },
    payload: { quoteId, ...options },
  });
}

/** Quote and confirm; returns the confirm response (or the refused quote's). */
export async function pay(
  api: TestApi,
  payer: Payer,
  payload: string,
  amount?: string,
  token = payer.token,
  options: ConfirmOptions = {},
) {
  const quoted = await quote(api, payer, payload, amount, token);
  if (quoted.statusCode !== 201) return quoted;
  return confirm(api, payer, quoted.json().quoteId, randomUUID(), token, options);
}

export async function balanceOf(api: TestApi, payer: Payer): Promise<string> {
  const accounts = (
    await api.app.inject({ method: 'GET', url: '/api/bank-accounts', headers: bearer(payer.token) })
  ).json() as { id: string; balance: string }[];
  return accounts.find((a) => a.id === payer.bankAccountId)?.balance ?? 'missing';
}

/** Trusts a software authenticator in a full session, then logs in partially with it. */
export async function partialSession(api: TestApi, payer: Payer): Promise<string> {
  const device = new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId);
  const options = await api.app.inject({
    method: 'POST',
    url: '/api/devices/registration/options',
    headers: bearer(payer.token),
  });
  await api.app.inject({
    method: 'POST',
    url: '/api/devices',
    headers: bearer(payer.token),
    payload: { response: device.register(options.json()) },
  });
  const assertionOptions = await api.app.inject({
    method: 'POST',
    url: '/api/auth/smartotp/options',
    payload: { cif: payer.cif },
  });
  const login = await api.app.inject({
    method: 'POST',
    url: '/api/auth/login/smartotp',
    payload: {
      cif: payer.cif,
      password: payer.password,
      assertion: device.assert(assertionOptions.json()),
    },
  });
  if (login.statusCode !== 200) throw new Error(`partial login failed: ${login.body}`);
  return login.json().token as string;
}

/** A fresh full session (after the test clock moved past the old one's timeouts). */
export async function fullTokenAgain(api: TestApi, payer: Payer): Promise<string> {
  const { fullLogin } = await import('./api.ts');
  return fullLogin(api, { id: payer.customerId, cif: payer.cif, password: payer.password });
}
