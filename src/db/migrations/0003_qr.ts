// 0003: QR accounts and their codes (account codes and payment requests), owned by src/qr.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table qr_accounts (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      bank_account_id uuid not null,
      -- The bank account's own currency, enforced by the composite key below.
      currency char(3) not null,
      -- The masked display name its codes carry ("Arta K.").
      payee_name text not null check (length(payee_name) between 1 and 25),
      status text not null check (status in ('open', 'deleted')),
      created_at timestamptz not null,
      deleted_at timestamptz,
      check ((status = 'deleted') = (deleted_at is not null)),
      foreign key (bank_account_id, currency) references ledger_accounts (id, currency),
      -- Targets for the composite keys of qr_codes, so a code can never disagree with its
      -- account about the owner or the currency.
      unique (id, customer_id),
      unique (id, currency)
    );
    -- One open QR account per bank account; after a delete another can be opened.
    create unique index qr_accounts_one_open_per_bank_account
      on qr_accounts (bank_account_id) where status = 'open';
    create index qr_accounts_by_customer on qr_accounts (customer_id, created_at, id);

    create table qr_codes (
      id uuid primary key,
      qr_account_id uuid not null,
      -- Denormalized from the QR account (and kept equal by the keys below) so that a
      -- customer's requests list newest-first from one index.
      customer_id uuid not null,
      kind text not null check (kind in ('account', 'request')),
      reference text not null unique check (reference ~ '^[A-Z2-7]{26,32}$'),
      amount_minor bigint check (amount_minor > 0),
      currency char(3) not null,
      note text check (length(note) between 1 and 140),
      payee_name text not null check (length(payee_name) between 1 and 25),
      status text not null check (status in ('open', 'closed', 'cancelled', 'expired')),
      expires_at timestamptz,
      created_at timestamptz not null,
      closed_at timestamptz,
      cancelled_at timestamptz,
      paid_by_payment_id uuid,
      foreign key (qr_account_id, customer_id) references qr_accounts (id, customer_id),
      foreign key (qr_account_id, currency) references qr_accounts (id, currency),
      -- An account code is open-amount and reusable; a request has an amount and an expiry.
      check ((kind = 'account') = (amount_minor is null)),
      check ((kind = 'request') = (expires_at is not null)),
      check (kind = 'request' or (status = 'open' and note is null)),
      check ((status = 'closed') = (closed_at is not null)),
      check ((status = 'cancelled') = (cancelled_at is not null)),
      check (paid_by_payment_id is null or status = 'closed')
    );
    create unique index qr_codes_one_account_code
      on qr_codes (qr_account_id) where kind = 'account';
    create index qr_codes_by_account on qr_codes (qr_account_id, status);
    create index qr_codes_requests_by_customer
      on qr_codes (customer_id, created_at desc, id desc) where kind = 'request';
    create index qr_codes_open_requests_by_expiry
      on qr_codes (expires_at) where kind = 'request' and status = 'open';
  `.execute(db);
}
