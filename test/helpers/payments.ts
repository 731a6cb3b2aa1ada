/**
 * Task verbs for payment scenarios through the real HTTP app of a test bank (test/helpers/bank.ts
 * makes the bank and its customers): requests, quotes, payments, balances, partial sessions; the
 * bank of the race tests (one payee, many payers) and what the ledger's verify found.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/core/clock.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { SoftAuthenticator } from './webauthn.ts';
import {
  bearer,
  customerWithQrAccount,
  fullLogin,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from './bank.ts';

export async function createRequest(
  api: TestBank<Clock>,
  payee: SmartPayCustomer,
  amount: string,
  note?: string,
) {
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

/** "Ndaje faturën": a request for `total` in `shares` shares. */
export async function createSplitRequest(
  api: TestBank<Clock>,
  payee: SmartPayCustomer,
  total: string,
  shares: number,
  options: { oneSharePerPayer?: boolean } = {},
) {
  const response = await api.app.inject({
    method: 'POST',
    url: '/api/requests',
    headers: bearer(payee.token),
    payload: { qrAccountId: payee.qrAccountId, amount: total, shares, ...options },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating the split request failed: ${response.body}`);
  return response.json() as {
    id: string;
    payload: string;
    amount: string;
    currency: string;
    status: string;
    split: {
      shareCount: number;
      paidShares: number;
      total: string;
      shareAmount: string;
      firstShareAmount: string;
      oneSharePerPayer: boolean;
    };
  };
}

export function quote(
  api: TestBank<Clock>,
  payer: SmartPayCustomer,
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
  api: TestBank<Clock>,
  payer: SmartPayCustomer,
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
  api: TestBank<Clock>,
  payer: SmartPayCustomer,
  payload: string,
  amount?: string,
  token = payer.token,
  options: ConfirmOptions = {},
) {
  const quoted = await quote(api, payer, payload, amount, token);
  if (quoted.statusCode !== 201) return quoted;
  return confirm(api, payer, quoted.json().quoteId, randomUUID(), token, options);
}

export async function balanceOf(api: TestBank<Clock>, payer: SmartPayCustomer): Promise<string> {
  const accounts = (
    await api.app.inject({ method: 'GET', url: '/api/bank-accounts', headers: bearer(payer.token) })
  ).json() as { id: string; balance: string }[];
  return accounts.find((a) => a.id === payer.bankAccountId)?.balance ?? 'missing';
}

/** Trusts a software authenticator in a full session, then logs in partially with it. */
export async function partialSession(
  api: TestBank<Clock>,
  payer: SmartPayCustomer,
): Promise<string> {
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
export async function fullTokenAgain(
  api: TestBank<Clock>,
  payer: SmartPayCustomer,
): Promise<string> {
  return fullLogin(api, payer);
}

/** The payee's refund quote of a payment (without an amount: everything that remains). */
export function refundQuote(
  api: TestBank<Clock>,
  refunder: SmartPayCustomer,
  paymentId: string,
  amount?: string,
  token = refunder.token,
) {
  return api.app.inject({
    method: 'POST',
    url: `/api/payments/${paymentId}/refunds/quotes`,
    headers: bearer(token),
    payload: amount === undefined ? {} : { amount },
  });
}

export function confirmRefund(
  api: TestBank<Clock>,
  refunder: SmartPayCustomer,
  quoteId: string,
  key: string = randomUUID(),
  token = refunder.token,
) {
  return api.app.inject({
    method: 'POST',
    url: '/api/refunds',
    headers: { ...bearer(token), 'idempotency-key': key },
    payload: { quoteId },
  });
}

/** Refund quote and confirm; returns the confirm response (or the refused quote's). */
export async function refund(
  api: TestBank<Clock>,
  refunder: SmartPayCustomer,
  paymentId: string,
  amount?: string,
  token = refunder.token,
) {
  const quoted = await refundQuote(api, refunder, paymentId, amount, token);
  if (quoted.statusCode !== 201) return quoted;
  return confirmRefund(api, refunder, quoted.json().quoteId, randomUUID(), token);
}

/** The bank of a race: one payee with an empty account, payers with 1,000.00 each. */
export interface RacingBank {
  readonly api: TestBank;
  readonly payee: SmartPayCustomer;
  readonly payers: readonly SmartPayCustomer[];
}

/** Slow on purpose (each payer logs in: argon2), so the caller's beforeAll wants a long timeout. */
export async function startRacingBank(payerCount: number): Promise<RacingBank> {
  const api = await startTestBank();
  await setUpBank(api);
  const payee = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 0n });
  const payers: SmartPayCustomer[] = [];
  for (let i = 0; i < payerCount; i++)
    payers.push(await customerWithQrAccount(api, `Paguesi ${i}`, { balance: 100_000n }));
  return { api, payee, payers };
}

/** The checks of the ledger's verify that found violations: none while every invariant holds. */
export async function ledgerViolations(api: TestBank<Clock>) {
  const report = await verifyLedger(api.database.db);
  return report.checks.filter((c) => c.violations > 0);
}
