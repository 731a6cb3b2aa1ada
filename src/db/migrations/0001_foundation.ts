// 0001: customers, the double-entry ledger, bank settings, rates, tariffs and the audit log.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table customers (
      id uuid primary key,
      cif text not null unique check (cif ~ '^[0-9]{4,16}$'),
      full_name text not null check (length(full_name) between 1 and 120),
      phone text not null check (phone ~ '^\\+[1-9][0-9]{6,14}$'),
      password_hash text not null,
      smartotp_enabled boolean not null default true,
      created_at timestamptz not null default now()
    );

    create sequence ledger_account_number_seq start 1000001;

    create table ledger_accounts (
      id uuid primary key,
      kind text not null check (kind in ('customer', 'cash', 'fee_income', 'fx_position')),
      customer_id uuid references customers (id),
      iban text unique,
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      -- Rolled-up balance: the sum of every posting except those still queued in ledger_pending.
      balance bigint not null default 0,
      overdraft_limit bigint not null default 0 check (overdraft_limit >= 0),
      created_at timestamptz not null default now(),
      unique (id, currency),
      check ((kind = 'customer') = (customer_id is not null and iban is not null)),
      -- Invariant 2, checked by the database too. A debit first rolls its own pending credits
      -- into the balance, so this bound holds for the account's whole balance.
      constraint ledger_customer_within_overdraft check (kind <> 'customer' or balance >= -overdraft_limit)
    );
    create unique index ledger_internal_account_per_currency
      on ledger_accounts (kind, currency) where kind <> 'customer';
    create index ledger_accounts_by_customer on ledger_accounts (customer_id);

    create table ledger_transfers (
      id uuid primary key,
      kind text not null check (kind in ('deposit', 'withdrawal', 'payment')),
      description text not null,
      reference text,
      created_by text not null,
      created_at timestamptz not null default now()
    );

    create table ledger_postings (
      id bigint generated always as identity primary key,
      transfer_id uuid not null references ledger_transfers (id),
      account_id uuid not null,
      currency char(3) not null,
      amount bigint not null check (amount <> 0),
      created_at timestamptz not null default now(),
      -- A posting's currency is its account's currency, enforced by the database.
      foreign key (account_id, currency) references ledger_accounts (id, currency)
    );
    create index ledger_postings_by_account on ledger_postings (account_id, id);
    create index ledger_postings_by_transfer on ledger_postings (transfer_id);

    -- Postings not yet added into ledger_accounts.balance: credits and internal-account legs are
    -- queued here instead of updating a row that many transfers would contend for.
    create table ledger_pending (
      posting_id bigint primary key references ledger_postings (id),
      account_id uuid not null references ledger_accounts (id),
      amount bigint not null check (amount <> 0)
    );
    create index ledger_pending_by_account on ledger_pending (account_id);

    -- The ledger is append-only: corrections are new transfers.
    create function ledger_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger rows are append-only (% on %)', tg_op, tg_table_name
        using errcode = 'P0001';
    end $$;
    create trigger ledger_postings_append_only before update or delete on ledger_postings
      for each row execute function ledger_refuse_change();
    create trigger ledger_transfers_append_only before update or delete on ledger_transfers
      for each row execute function ledger_refuse_change();

    -- Invariant 1 at commit: each transfer's postings sum to zero per currency.
    create function ledger_check_transfer_balanced() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1 from ledger_postings where transfer_id = new.transfer_id
        group by currency having sum(amount) <> 0
      ) then
        raise exception 'transfer % does not balance', new.transfer_id using errcode = '23514';
      end if;
      return null;
    end $$;
    create constraint trigger ledger_transfer_balanced after insert on ledger_postings
      deferrable initially deferred
      for each row execute function ledger_check_transfer_balanced();

    create table bank_settings (
      key text primary key,
      value text not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    );

    -- Bank rates against EUR: 1 EUR = per_eur units of the currency. History is kept; the
    -- newest row of a currency is the rate of the day.
    create table bank_rates (
      id bigint generated always as identity primary key,
      currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
      per_eur numeric(20, 8) not null check (per_eur > 0),
      set_at timestamptz not null default now(),
      set_by text not null
    );
    create index bank_rates_current on bank_rates (currency, id desc);

    create table tariffs (
      currency char(3) primary key check (currency ~ '^[A-Z]{3}$'),
      fixed_minor bigint not null check (fixed_minor >= 0),
      percent numeric(7, 4) not null check (percent >= 0 and percent <= 100),
      min_minor bigint not null check (min_minor >= 0),
      max_minor bigint check (max_minor is null or max_minor >= min_minor),
      updated_at timestamptz not null default now(),
      updated_by text not null
    );

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      subject text,
      details jsonb not null default '{}'::jsonb,
      ip text
    );
    create index audit_log_by_subject on audit_log (subject, id desc);
  `.execute(db);
}
