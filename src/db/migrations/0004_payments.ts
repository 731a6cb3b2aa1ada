// 0004: payment quotes, payments, daily usage for limits, idempotency keys (owned by src/payments).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- What the confirmation screen showed; confirming pays exactly this, once.
    create table payment_quotes (
      id uuid primary key,
      payer_customer_id uuid not null references customers (id),
      session_id uuid not null,
      code_id uuid not null,
      payer_qr_account_id uuid not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      debit_minor bigint not null check (debit_minor > 0),
      debit_currency char(3) not null,
      fee_minor bigint not null check (fee_minor >= 0),
      rate numeric(20, 8),
      eur_minor bigint not null check (eur_minor >= 0),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table payments (
      id uuid primary key,
      quote_id uuid not null unique references payment_quotes (id),
      transfer_id uuid not null unique references ledger_transfers (id),
      code_id uuid not null,
      code_kind text not null check (code_kind in ('account', 'request')),
      payer_customer_id uuid not null references customers (id),
      payer_qr_account_id uuid not null,
      payer_account_id uuid not null,
      payer_name text not null,
      payee_customer_id uuid not null references customers (id),
      payee_qr_account_id uuid not null,
      payee_account_id uuid not null,
      payee_name text not null,
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      debit_minor bigint not null check (debit_minor > 0),
      debit_currency char(3) not null,
      fee_minor bigint not null check (fee_minor >= 0),
      rate numeric(20, 8),
      eur_minor bigint not null,
      level text not null check (level in ('full', 'partial')),
      bank_day date not null,
      note text,
      status text not null default 'completed' check (status in ('completed')),
      created_at timestamptz not null
    );
    create index payments_outgoing on payments (payer_customer_id, created_at desc, id desc);
    create index payments_incoming on payments (payee_customer_id, created_at desc, id desc);
    -- Invariant 3 in the database: a request is paid at most once.
    create unique index payments_request_paid_once on payments (code_id) where code_kind = 'request';

    -- One row per customer and bank day; bumped in the payment's transaction with a conditional
    -- upsert, so racing payments can never pass a limit together (invariant 6).
    create table daily_usage (
      customer_id uuid not null references customers (id),
      bank_day date not null,
      eur_minor bigint not null check (eur_minor >= 0),
      payments integer not null check (payments >= 0),
      primary key (customer_id, bank_day)
    );

    -- Live events are outbox rows of topic 'event', read per customer by id (SSE resume).
    create index outbox_events_by_customer on outbox (customer_id, id) where topic = 'event';
    create index outbox_events_recent on outbox (created_at) where topic = 'event';

    create table idempotency_keys (
      customer_id uuid not null references customers (id),
      key text not null,
      request_hash text not null,
      status_code integer,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (customer_id, key)
    );
  `.execute(db);
}
