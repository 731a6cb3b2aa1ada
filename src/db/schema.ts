/**
 * The typed shape of every table, for Kysely. Each module owns its tables (see ARCHITECTURE.md);
 * they are described together here because one Kysely instance serves them all.
 */
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type BigSerial = ColumnType<bigint, never, never>;
/** numeric columns come back as exact decimal strings. */
type Decimal = ColumnType<string, string, string>;

export interface CustomersTable {
  id: string;
  cif: string;
  full_name: string;
  phone: string;
  password_hash: string;
  smartotp_enabled: Generated<boolean>;
  created_at: CreatedAt;
}

export type LedgerAccountKind = 'customer' | 'cash' | 'fee_income' | 'fx_position';

export interface LedgerAccountsTable {
  id: string;
  kind: LedgerAccountKind;
  customer_id: string | null;
  iban: string | null;
  currency: string;
  balance: Generated<bigint>;
  overdraft_limit: Generated<bigint>;
  created_at: CreatedAt;
}

export type TransferKind = 'deposit' | 'withdrawal' | 'payment';

export interface LedgerTransfersTable {
  id: string;
  kind: TransferKind;
  description: string;
  reference: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface LedgerPostingsTable {
  id: BigSerial;
  transfer_id: string;
  account_id: string;
  currency: string;
  amount: bigint;
  created_at: CreatedAt;
}

export interface LedgerPendingTable {
  posting_id: bigint;
  account_id: string;
  amount: bigint;
}

export interface BankSettingsTable {
  key: string;
  value: string;
  updated_at: UpdatedAt;
  updated_by: string;
}

export interface BankSettingsVersionTable {
  singleton: boolean;
  version: bigint;
}

export interface BankRatesTable {
  id: BigSerial;
  currency: string;
  per_eur: Decimal;
  set_at: CreatedAt;
  set_by: string;
}

export interface TariffsTable {
  currency: string;
  fixed_minor: bigint;
  percent: Decimal;
  min_minor: bigint;
  max_minor: bigint | null;
  updated_at: UpdatedAt;
  updated_by: string;
}

export interface AuditLogTable {
  id: BigSerial;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  ip: string | null;
}

export interface LoginThrottleTable {
  cif: string;
  failed_count: number;
  locked_until: Timestamp | null;
  updated_at: UpdatedAt;
}

export interface OtpWrongCodesTable {
  id: BigSerial;
  customer_id: string;
  failed_at: Timestamp;
}

export interface LoginRateTable {
  cif: string;
  window_started_at: Timestamp;
  attempts: number;
}

export interface OtpChallengesTable {
  id: string;
  customer_id: string;
  code_hmac: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  attempts_max: number;
  send_count: Generated<number>;
  last_sent_at: Timestamp;
  consumed_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface TrustedDevicesTable {
  id: string;
  customer_id: string;
  credential_id: string;
  public_key: Uint8Array;
  sign_count: bigint;
  transports: string;
  name: string;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  forgotten_at: Timestamp | null;
}

export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'registration' | 'authentication';
  customer_id: string | null;
  cif: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export type SessionLevel = 'full' | 'partial';

export interface SessionsTable {
  id: string;
  token_hash: string;
  customer_id: string;
  level: SessionLevel;
  device_id: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  end_reason: string | null;
}

export interface EnrollmentsTable {
  customer_id: string;
  terms_version: string;
  accepted_at: Timestamp;
}

export interface OutboxTable {
  id: BigSerial;
  topic: string;
  customer_id: string | null;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  dispatched_at: Timestamp | null;
  last_error: string | null;
}

/** xid8 columns come back as decimal text on both engines; the database fills them. */
type TransactionId = ColumnType<string, never, never>;

export interface LiveEventsTable {
  id: BigSerial;
  customer_id: string;
  payload: ColumnType<Record<string, unknown>, string, never>;
  txid: TransactionId;
  txid_horizon: TransactionId;
  created_at: CreatedAt;
}

export interface SmsMessagesTable {
  id: BigSerial;
  phone: string;
  cif: string | null;
  text: string;
  sent_at: CreatedAt;
}

export type QrAccountStatus = 'open' | 'deleted';

export interface QrAccountsTable {
  id: string;
  customer_id: string;
  bank_account_id: string;
  currency: string;
  payee_name: string;
  status: QrAccountStatus;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type QrCodeKind = 'account' | 'request';
export type QrCodeStatus = 'open' | 'closed' | 'cancelled' | 'expired';

export interface QrCodesTable {
  id: string;
  qr_account_id: string;
  customer_id: string;
  kind: QrCodeKind;
  reference: string;
  amount_minor: bigint | null;
  currency: string;
  note: string | null;
  payee_name: string;
  status: QrCodeStatus;
  expires_at: Timestamp | null;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  paid_by_payment_id: string | null;
}

export interface PaymentQuotesTable {
  id: string;
  payer_customer_id: string;
  session_id: string;
  /** Null for a refund quote, which returns part of `refund_of_payment_id` instead. */
  code_id: string | null;
  refund_of_payment_id: ColumnType<string | null, string | null | undefined, never>;
  payer_qr_account_id: string;
  amount_minor: bigint;
  currency: string;
  debit_minor: bigint;
  debit_currency: string;
  fee_minor: bigint;
  rate: string | null;
  eur_minor: bigint;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PaymentsTable {
  id: string;
  quote_id: string;
  transfer_id: string;
  /** Null for a refund. */
  code_id: string | null;
  code_kind: PaymentKind;
  payer_customer_id: string;
  payer_qr_account_id: string;
  payer_account_id: string;
  payer_name: string;
  payee_customer_id: string;
  payee_qr_account_id: string;
  payee_account_id: string;
  payee_name: string;
  amount_minor: bigint;
  currency: string;
  debit_minor: bigint;
  debit_currency: string;
  fee_minor: bigint;
  rate: string | null;
  eur_minor: bigint;
  level: SessionLevel;
  bank_day: ColumnType<string, string, never>;
  note: string | null;
  status: Generated<'completed'>;
  created_at: Timestamp;
  /** A refund: the payment it returns (part of), and that payment's amount. */
  refund_of_payment_id: string | null;
  refund_of_amount_minor: bigint | null;
  /** What has been refunded of this payment so far, in its currency (≤ amount_minor). */
  refunded_minor: Generated<bigint>;
}

export type PaymentKind = 'account' | 'request' | 'refund';

export type RefundRequestStatus = 'open' | 'accepted' | 'declined';

export interface RefundRequestsTable {
  id: string;
  payment_id: string;
  payer_customer_id: string;
  payee_customer_id: string;
  amount_minor: bigint;
  currency: string;
  reason: string;
  status: Generated<RefundRequestStatus>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface DailyUsageTable {
  customer_id: string;
  bank_day: ColumnType<string, string, never>;
  eur_minor: bigint;
  payments: number;
}

export interface IdempotencyKeysTable {
  customer_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: ColumnType<unknown, string | null, string | null>;
  created_at: CreatedAt;
}

export interface ReceiptsTable {
  reference: string;
  subject_kind: 'payment' | 'refund';
  subject_id: string;
  /** Canonical JSON of the signed fields (receipts/fields.ts). */
  fields: string;
  key_id: string;
  signature: string;
  created_at: Timestamp;
}

/** The customer's cooling-off choice (profile), absent when off. */
export interface CoolingOffTable {
  customer_id: string;
  threshold_eur_minor: bigint;
  delay_minutes: number;
  updated_at: Timestamp;
}

export type PaymentHoldStatus = 'held' | 'released' | 'cancelled' | 'refused';

/** A confirmed payment held by the payer's cooling-off until release_at (payments/holds.ts). */
export interface PaymentHoldsTable {
  id: string;
  quote_id: string;
  session_id: string;
  payer_customer_id: string;
  payer_qr_account_id: string;
  payee_customer_id: string;
  payee_name: string;
  code_kind: 'account' | 'request';
  amount_minor: bigint;
  currency: string;
  debit_minor: bigint;
  debit_currency: string;
  fee_minor: bigint;
  eur_minor: bigint;
  level: SessionLevel;
  status: Generated<PaymentHoldStatus>;
  refusal_code: string | null;
  created_at: Timestamp;
  release_at: Timestamp;
  decided_at: Date | null;
}

export interface Schema {
  customers: CustomersTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_postings: LedgerPostingsTable;
  ledger_pending: LedgerPendingTable;
  bank_settings: BankSettingsTable;
  bank_settings_version: BankSettingsVersionTable;
  bank_rates: BankRatesTable;
  tariffs: TariffsTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
  otp_challenges: OtpChallengesTable;
  otp_wrong_codes: OtpWrongCodesTable;
  login_rate: LoginRateTable;
  trusted_devices: TrustedDevicesTable;
  webauthn_challenges: WebauthnChallengesTable;
  sessions: SessionsTable;
  enrollments: EnrollmentsTable;
  outbox: OutboxTable;
  live_events: LiveEventsTable;
  sms_messages: SmsMessagesTable;
  payment_quotes: PaymentQuotesTable;
  payments: PaymentsTable;
  daily_usage: DailyUsageTable;
  idempotency_keys: IdempotencyKeysTable;
  qr_accounts: QrAccountsTable;
  qr_codes: QrCodesTable;
  receipts: ReceiptsTable;
  refund_requests: RefundRequestsTable;
  cooling_off: CoolingOffTable;
  payment_holds: PaymentHoldsTable;
}
