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
  failed_password_count: Generated<number>;
  locked_until: Timestamp | null;
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

export interface Schema {
  customers: CustomersTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_transfers: LedgerTransfersTable;
  ledger_postings: LedgerPostingsTable;
  ledger_pending: LedgerPendingTable;
  bank_settings: BankSettingsTable;
  bank_rates: BankRatesTable;
  tariffs: TariffsTable;
  audit_log: AuditLogTable;
}
