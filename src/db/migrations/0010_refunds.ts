// 0010: refunds (payments linked to the payment they return, at most its amount in total) and the payer's refund requests (owned by src/payments).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A refund quote has no code: it returns part of a payment instead.
    alter table payment_quotes alter column code_id drop not null;
    alter table payment_quotes add column refund_of_payment_id uuid references payments (id);
    alter table payment_quotes add constraint payment_quotes_code_or_refund
      check ((code_id is null) <> (refund_of_payment_id is null));

    -- A refund is a payment row of kind 'refund', from the original's payee to its payer.
    alter table payments alter column code_id drop not null;
    alter table payments drop constraint payments_code_kind_check;
    alter table payments add constraint payments_code_kind_check
      check (code_kind in ('account', 'request', 'refund'));
    alter table payments add column refund_of_payment_id uuid references payments (id);
    -- The original's amount, for "Kthyer 5,00 nga 12,50" on the refund's own line.
    alter table payments add column refund_of_amount_minor bigint;
    alter table payments add constraint payments_refund_link check (
      (code_kind = 'refund') = (refund_of_payment_id is not null)
      and (refund_of_payment_id is null) = (refund_of_amount_minor is null)
      and (code_kind = 'refund') = (code_id is null));
    -- Invariant 8 in the database: what was refunded of a payment never passes its amount. The
    -- refund's write batch raises it with a conditional UPDATE; this bounds the row whatever
    -- writes it.
    alter table payments add column refunded_minor bigint not null default 0;
    alter table payments add constraint payments_refunded_within_amount
      check (refunded_minor >= 0 and refunded_minor <= amount_minor);
    create index payments_refunds on payments (refund_of_payment_id, created_at)
      where refund_of_payment_id is not null;

    -- "Kërko kthimin": the payer asks the payee to refund part or all of a payment.
    create table refund_requests (
      id uuid primary key,
      payment_id uuid not null references payments (id),
      payer_customer_id uuid not null references customers (id),
      payee_customer_id uuid not null references customers (id),
      amount_minor bigint not null check (amount_minor > 0),
      currency char(3) not null,
      reason text not null check (length(reason) between 1 and 140),
      status text not null default 'open' check (status in ('open', 'accepted', 'declined')),
      created_at timestamptz not null,
      decided_at timestamptz,
      check ((status = 'open') = (decided_at is null))
    );
    -- One open request per payment: asking again waits for the payee's answer.
    create unique index refund_requests_one_open on refund_requests (payment_id)
      where status = 'open';
    create index refund_requests_of_payee on refund_requests (payee_customer_id, created_at desc)
      where status = 'open';
  `.execute(db);
}
