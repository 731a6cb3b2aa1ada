/** One function per API call the app makes, named by what it does (DESIGN.md §5). */
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { apiRequest } from './client.ts';
import type {
  BankAccount,
  CoolingOffSetting,
  DeletedQrAccount,
  EnrollmentAnswer,
  ForgetMeAnswer,
  OtpChallenge,
  Payment,
  PaymentDirection,
  PaymentHold,
  PaymentHoldList,
  PaymentPage,
  PaymentRequest,
  Profile,
  QrAccount,
  Quote,
  RefundAnswer,
  RefundQuote,
  RefundRequest,
  RefundRequestList,
  RefundsOfPayment,
  RequestPage,
  RequestStatus,
  ResolvedCode,
  SessionAnswer,
  SmartOtpSetting,
  Terms,
  TrustedDevice,
} from './types.ts';

const quiet = { quietOnUnauthenticated: true } as const;

export const api = {
  terms: () => apiRequest<Terms>('/terms'),
  startLogin: (cif: string, password: string) =>
    apiRequest<OtpChallenge>('/auth/login', { method: 'POST', body: { cif, password }, ...quiet }),
  completeOtpLogin: (challengeId: string, code: string) =>
    apiRequest<SessionAnswer>('/auth/login/otp', {
      method: 'POST',
      body: { challengeId, code },
      ...quiet,
    }),
  resendOtp: (challengeId: string) =>
    apiRequest<OtpChallenge>('/auth/login/otp/resend', {
      method: 'POST',
      body: { challengeId },
      ...quiet,
    }),
  smartOtpOptions: (cif: string) =>
    apiRequest<PublicKeyCredentialRequestOptionsJSON>('/auth/smartotp/options', {
      method: 'POST',
      body: { cif },
      ...quiet,
    }),
  smartOtpLogin: (cif: string, password: string, assertion: AuthenticationResponseJSON) =>
    apiRequest<SessionAnswer>('/auth/login/smartotp', {
      method: 'POST',
      body: { cif, password, assertion },
      ...quiet,
    }),
  logout: () => apiRequest<void>('/auth/logout', { method: 'POST', ...quiet }),
  forgetMe: (deviceId: string | undefined) =>
    apiRequest<ForgetMeAnswer>('/auth/forget-me', {
      method: 'POST',
      body: deviceId ? { deviceId } : {},
      ...quiet,
    }),
  enroll: (termsVersion: string) =>
    apiRequest<EnrollmentAnswer>('/enrollment', { method: 'POST', body: { termsVersion } }),
  profile: () => apiRequest<Profile>('/me', quiet),
  setCoolingOff: (setting: { enabled: boolean; threshold?: string; delayMinutes?: number }) =>
    apiRequest<CoolingOffSetting>('/me/cooling-off', { method: 'PUT', body: setting }),
  setSmartOtp: (enabled: boolean) =>
    apiRequest<SmartOtpSetting>('/me/smartotp', { method: 'PUT', body: { enabled } }),
  deviceRegistrationOptions: () =>
    apiRequest<PublicKeyCredentialCreationOptionsJSON>('/devices/registration/options', {
      method: 'POST',
    }),
  trustDevice: (response: RegistrationResponseJSON, name: string) =>
    apiRequest<TrustedDevice>('/devices', { method: 'POST', body: { response, name } }),
  bankAccounts: () => apiRequest<BankAccount[]>('/bank-accounts'),
  qrAccounts: () => apiRequest<QrAccount[]>('/qr-accounts'),
  qrAccount: (id: string) => apiRequest<QrAccount>(`/qr-accounts/${encodeURIComponent(id)}`),
  openQrAccount: (bankAccountId: string) =>
    apiRequest<QrAccount>('/qr-accounts', { method: 'POST', body: { bankAccountId } }),
  deleteQrAccount: (id: string) =>
    apiRequest<DeletedQrAccount>(`/qr-accounts/${encodeURIComponent(id)}?confirm=true`, {
      method: 'DELETE',
    }),
  /** With `shares`, "Ndaje faturën": the amount is the whole bill, paid in that many shares. */
  createRequest: (
    qrAccountId: string,
    amount: string,
    note: string | undefined,
    shares?: number | undefined,
  ) =>
    apiRequest<PaymentRequest>('/requests', {
      method: 'POST',
      body: { qrAccountId, amount, ...(note ? { note } : {}), ...(shares ? { shares } : {}) },
    }),
  requests: (status: RequestStatus | undefined, cursor?: string) =>
    apiRequest<RequestPage>(`/requests${query({ status, cursor, limit: '50' })}`),
  request: (id: string) => apiRequest<PaymentRequest>(`/requests/${encodeURIComponent(id)}`),
  cancelRequest: (id: string) =>
    apiRequest<PaymentRequest>(`/requests/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  resolve: (payload: string) =>
    apiRequest<ResolvedCode>('/payments/resolve', { method: 'POST', body: { payload } }),
  quote: (payload: string, fromQrAccountId: string, amount: string | undefined) =>
    apiRequest<Quote>('/payments/quotes', {
      method: 'POST',
      body: { payload, fromQrAccountId, ...(amount === undefined ? {} : { amount }) },
    }),
  /** 201: the payment; 202: held by the payer's cooling-off (status "held"). */
  pay: (quoteId: string, idempotencyKey: string, confirmDuplicate = false) =>
    apiRequest<Payment | PaymentHold>('/payments', {
      method: 'POST',
      body: confirmDuplicate ? { quoteId, confirmDuplicate } : { quoteId },
      headers: { 'idempotency-key': idempotencyKey },
    }),
  holds: () => apiRequest<PaymentHoldList>('/payments/holds'),
  hold: (id: string) => apiRequest<PaymentHold>(`/payments/holds/${encodeURIComponent(id)}`),
  cancelHold: (id: string) =>
    apiRequest<PaymentHold>(`/payments/holds/${encodeURIComponent(id)}/cancel`, {
      method: 'POST',
    }),
  payments: (direction: PaymentDirection, cursor?: string) =>
    apiRequest<PaymentPage>(`/payments${query({ direction, cursor, limit: '50' })}`),
  payment: (id: string) => apiRequest<Payment>(`/payments/${encodeURIComponent(id)}`),
  refundsOf: (paymentId: string) =>
    apiRequest<RefundsOfPayment>(`/payments/${encodeURIComponent(paymentId)}/refunds`),
  refundQuote: (paymentId: string, amount: string | undefined) =>
    apiRequest<RefundQuote>(`/payments/${encodeURIComponent(paymentId)}/refunds/quotes`, {
      method: 'POST',
      body: amount === undefined ? {} : { amount },
    }),
  refund: (quoteId: string, idempotencyKey: string) =>
    apiRequest<Payment>('/refunds', {
      method: 'POST',
      body: { quoteId },
      headers: { 'idempotency-key': idempotencyKey },
    }),
  askRefund: (paymentId: string, reason: string, amount: string | undefined) =>
    apiRequest<RefundRequest>(`/payments/${encodeURIComponent(paymentId)}/refund-requests`, {
      method: 'POST',
      body: { reason, ...(amount === undefined ? {} : { amount }) },
    }),
  refundRequests: () => apiRequest<RefundRequestList>('/refund-requests'),
  answerRefundRequest: (requestId: string, answer: 'accept' | 'decline') =>
    apiRequest<RefundAnswer>(`/refund-requests/${encodeURIComponent(requestId)}/${answer}`, {
      method: 'POST',
    }),
};

/** Pictures of codes: plain same-origin URLs, so <img> sends the session cookie by itself. */
export const pictureUrls = {
  accountCode: (qrAccountId: string, size = 480) =>
    `/api/qr-accounts/${encodeURIComponent(qrAccountId)}/code.png?size=${size}`,
  request: (requestId: string, size = 480) =>
    `/api/requests/${encodeURIComponent(requestId)}/qr.png?size=${size}`,
};

/** The share cards (QR + name, amount, validity, bank), drawn by the server in the app's language. */
export const cardUrls = {
  accountCode: (qrAccountId: string, language: string) =>
    `/api/qr-accounts/${encodeURIComponent(qrAccountId)}/card.png?lang=${cardLanguage(language)}`,
  request: (requestId: string, language: string) =>
    `/api/requests/${encodeURIComponent(requestId)}/card.png?lang=${cardLanguage(language)}`,
};

function cardLanguage(language: string): 'sq' | 'en' {
  return language === 'en' ? 'en' : 'sq';
}

function query(parameters: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters))
    if (value !== undefined) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
