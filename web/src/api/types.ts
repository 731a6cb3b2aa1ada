/** The shapes of the API answers the app reads (src/http/routes/*.ts is the source of truth). */

/** Money is a decimal string with its currency, exactly as the API gives it: never a number. */
export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export type LoginLevel = 'full' | 'partial';

export interface Terms {
  readonly version: string;
  readonly text: { readonly sq: string; readonly en: string };
}

export interface OtpChallenge {
  readonly challengeId: string;
  readonly phoneMasked: string;
  readonly expiresAt: string;
}

export interface SessionAnswer {
  readonly level: LoginLevel;
  readonly enrolled: boolean;
  readonly expiresAt: string;
}

export interface TrustedDevice {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface Profile {
  readonly cif: string;
  readonly name: string;
  readonly phoneMasked: string;
  readonly level: LoginLevel;
  readonly enrolled: boolean;
  readonly smartOtpEnabled: boolean;
  readonly currentDeviceId: string | null;
  readonly devices: readonly TrustedDevice[];
  /** The session's level's limits with today's usage. */
  readonly limits: LimitsView;
  readonly sessionExpiresAt: string;
}

export interface BankAccount {
  readonly id: string;
  readonly iban: string;
  readonly currency: string;
  readonly balance: string;
  readonly available: string;
  readonly overdraftLimit: string;
}

export interface QrAccount {
  readonly id: string;
  readonly bankAccountId: string;
  readonly iban: string;
  readonly currency: string;
  readonly balance: string;
  readonly payeeName: string;
  readonly status: 'open';
  readonly createdAt: string;
  readonly accountCode: {
    readonly id: string;
    readonly reference: string;
    readonly payload: string;
  };
}

export type RequestStatus = 'open' | 'closed' | 'cancelled' | 'expired';

export interface PaymentRequest {
  readonly id: string;
  readonly qrAccountId: string;
  readonly payload: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: RequestStatus;
  readonly note: string | null;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
  readonly paidByPaymentId: string | null;
  readonly paidBy: { readonly name: string } | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface LimitsView {
  readonly level: LoginLevel;
  readonly perPayment: Money;
  readonly perDay: Money;
  readonly countPerDay: number | null;
  readonly usedToday: Money;
  readonly paymentsToday: number;
  readonly remainingToday: Money;
  readonly paymentsRemainingToday: number | null;
}

export interface Quote {
  readonly quoteId: string;
  readonly kind: 'account' | 'request';
  readonly payee: { readonly name: string };
  readonly amount: string;
  readonly currency: string;
  readonly note: string | null;
  readonly fee: Money;
  readonly debit: Money;
  readonly rate: { readonly value: string; readonly from: string; readonly to: string } | null;
  readonly from: { readonly qrAccountId: string; readonly iban: string; readonly currency: string };
  readonly available: Money;
  readonly limits: LimitsView;
  readonly expiresAt: string;
}

/** A scanned code before any amount is typed: POST /api/payments/resolve. */
export type { ResolvedCodeAnswer as ResolvedCode } from '../../../src/http/routes/resolve.ts';

export type PaymentDirection = 'incoming' | 'outgoing';

export interface Payment {
  readonly id: string;
  readonly direction: PaymentDirection;
  readonly status: 'completed';
  readonly kind: 'account' | 'request';
  readonly amount: string;
  readonly currency: string;
  readonly fee: Money | null;
  readonly debit: Money | null;
  readonly rate: string | null;
  readonly counterparty: { readonly name: string };
  readonly qrAccountId: string;
  readonly requestId: string | null;
  readonly note: string | null;
  readonly createdAt: string;
}

/** Server-Sent Events (src/payments/confirm.ts announces them). */
export interface PaymentReceivedEvent {
  readonly paymentId: string;
  readonly payerName: string;
  readonly amount: string;
  readonly currency: string;
  readonly qrAccountId: string;
}

export interface RequestPaidEvent {
  readonly requestId: string;
  readonly paymentId: string;
  readonly payerName: string;
  readonly amount: string;
  readonly currency: string;
}
