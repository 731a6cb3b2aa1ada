// 0012: payee assurance: the customer's cooling-off choice (owned by src/identity/profile.ts) and held payments (owned by src/payments/holds.ts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Chosen by the customer in the profile: a first payment to a payee above the threshold
    -- (EUR equivalent) waits this long before it moves money. No row: no cooling-off.
    create table cooling_off (
      customer_id uuid primary key references customers (id),
      threshold_eur_minor bigint not null check (threshold_eur_minor >= 0),
      delay_minutes integer not null check (delay_minutes between 1 and 1440),
      updated_at timestamptz not null
    );

    -- A confirmed payment waiting for its release. Nothing of it is in the ledger or in the
    -- payee's lists: at release the confirm write batch pays its quote under the id of the hold,
    -- once (the conditional status change from 'held', the payments primary key and the unique
    -- quote of payments). The payer's own view of it until then.
    create table payment_holds (
      id uuid primary key,
      quote_id uuid not null unique references payment_quotes (id),
      session_id uuid not null,
      payer_customer_id uuid not null references customers (id),
      payer_qr_account_id uuid not null,
      payee_customer_id uuid not null references customers (id),
      payee_name text not null,
      code_kind text not null check (code_kind in ('account', 'request')),
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      debit_minor bigint not null check (debit_minor > 0),
      debit_currency char(3) not null,
      fee_minor bigint not null check (fee_minor >= 0),
      eur_minor bigint not null check (eur_minor >= 0),
      level text not null check (level in ('full', 'partial')),
      status text not null default 'held'
        check (status in ('held', 'released', 'cancelled', 'refused')),
      refusal_code text,
      created_at timestamptz not null,
      release_at timestamptz not null,
      decided_at timestamptz,
      check ((status = 'refused') = (refusal_code is not null)),
      check ((status = 'held') = (decided_at is null))
    );
    create index payment_holds_due on payment_holds (release_at) where status = 'held';
    create index payment_holds_payer on payment_holds (payer_customer_id, created_at desc, id desc);

    -- First-time payee and duplicate guard: the payer's payments to one payee, newest first.
    create index payments_payer_payee on payments (payer_customer_id, payee_customer_id, created_at desc);
  `.execute(db);
}
