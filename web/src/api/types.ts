/**
 * The shapes of the API's answers, each defined once: by a TypeBox schema beside the use case
 * that returns it (src/<module>/views.ts, src/payments/refund-views.ts, src/identity/terms.ts),
 * with which its route also validates, filters the output and documents OpenAPI. These are
 * type-only imports, erased from the bundle; the web app holds no copy of a server type.
 */
export type { BankAccount } from '../../../src/ledger/views.ts';
export type {
  CoolingOffSetting,
  Device as TrustedDevice,
  EnrollmentAnswer,
  ForgetMeAnswer,
  OtpChallenge,
  Profile,
  SessionAnswer,
  SmartOtpSetting,
} from '../../../src/identity/views.ts';
export type { Terms } from '../../../src/identity/terms.ts';
export type {
  Direction as PaymentDirection,
  LimitsView,
  Money,
  Payment,
  PaymentHold,
  PaymentHoldList,
  PaymentPage,
  Quote,
  RefundLink,
} from '../../../src/payments/views.ts';
export type {
  DeletedQrAccount,
  PaymentRequest,
  QrAccount,
  RequestPage,
  RequestStatus,
  ResolvedCodeAnswer as ResolvedCode,
  Split,
} from '../../../src/qr/views.ts';
export type { ReceiptAnswer as SignedReceipt } from '../../../src/receipts/views.ts';
export type {
  RefundAnswer,
  RefundQuote,
  RefundRequest,
  RefundRequestList,
  RefundsOfPayment,
} from '../../../src/payments/refund-views.ts';

/** Server-Sent Events: the one union the server writes them from (src/notify/live-event.ts). */
import type { LiveEventData } from '../../../src/notify/live-event.ts';
export type { LiveEventData, LiveEventType } from '../../../src/notify/live-event.ts';
export type PaymentReceivedEvent = LiveEventData<'payment.received'>;
export type RequestPaidEvent = LiveEventData<'request.paid'>;
export type RefundReceivedEvent = LiveEventData<'refund.received'>;
export type RefundRequestedEvent = LiveEventData<'refund.requested'>;
export type RefundRequestAnsweredEvent = LiveEventData<'refund.request.answered'>;
export type HoldDecidedEvent = LiveEventData<'hold.decided'>;
export type SplitProgressEvent = LiveEventData<'split.progress'>;
