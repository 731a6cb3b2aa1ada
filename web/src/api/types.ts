/**
 * The shapes of the API's answers, each defined once: by the TypeBox schema of its route
 * (src/http/routes/*.ts), which also validates, filters the output and documents OpenAPI. These
 * are type-only imports, erased from the bundle; the web app holds no copy of a server type.
 */
export type { BankAccount } from '../../../src/http/routes/accounts.ts';
export type {
  CoolingOffSetting,
  Device as TrustedDevice,
  EnrollmentAnswer,
  ForgetMeAnswer,
  OtpChallenge,
  Profile,
  SessionAnswer,
  SmartOtpSetting,
  Terms,
} from '../../../src/http/routes/identity.ts';
export type {
  LimitsView,
  Money,
  Payment,
  PaymentHold,
  PaymentHoldList,
  PaymentPage,
  Quote,
} from '../../../src/http/routes/payments.ts';
export type {
  DeletedQrAccount,
  PaymentRequest,
  QrAccount,
  RequestPage,
  RequestStatus,
  Split,
} from '../../../src/http/routes/qr.ts';
export type { ResolvedCodeAnswer as ResolvedCode } from '../../../src/http/routes/resolve.ts';
export type { RefundLink } from '../../../src/http/routes/payments.ts';
export type {
  RefundAnswer,
  RefundQuote,
  RefundRequest,
  RefundsOfPayment,
} from '../../../src/http/routes/refunds.ts';

import type { Payment } from '../../../src/http/routes/payments.ts';
export type PaymentDirection = Payment['direction'];

/** Server-Sent Events: the one union the server writes them from (src/notify/live-event.ts). */
import type { LiveEventData } from '../../../src/notify/live-event.ts';
export type { LiveEvent } from '../../../src/notify/live-event.ts';
export type PaymentReceivedEvent = LiveEventData<'payment.received'>;
export type RequestPaidEvent = LiveEventData<'request.paid'>;
export type RefundReceivedEvent = LiveEventData<'refund.received'>;
export type RefundRequestedEvent = LiveEventData<'refund.requested'>;
export type RefundRequestAnsweredEvent = LiveEventData<'refund.request.answered'>;
export type HoldDecidedEvent = LiveEventData<'hold.decided'>;
export type SplitProgressEvent = LiveEventData<'split.progress'>;
