// 0011: split-bill codes: a payment request for a total in N shares, each paid by one scan (owned by src/qr; the share of a payment by src/payments).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A split request: amount_minor is the regular share (what tag 54 carries), total_minor the
    -- whole bill; the first share also takes the remainder (total - share * count < count).
    -- paid_shares is the counter a payment claims its share from, with a conditional UPDATE
    -- (paid_shares < share_count), so the code is never paid beyond its N shares.
    alter table qr_codes
      add column share_count smallint,
      add column total_minor bigint,
      add column paid_shares smallint not null default 0,
      add column one_share_per_payer boolean;
    alter table qr_codes add constraint qr_codes_split_shape check (
      (share_count is null and total_minor is null and one_share_per_payer is null
        and paid_shares = 0)
      or (kind = 'request' and share_count between 2 and 20 and one_share_per_payer is not null
        and amount_minor = total_minor / share_count
        and paid_shares between 0 and share_count
        -- Closed exactly when every share is paid; cancelled and expired keep what was paid.
        and (status = 'closed') = (paid_shares = share_count)
        and paid_by_payment_id is null));

    -- The share a payment paid ("Pjesa 2 nga 5"), null for every other payment.
    alter table payments
      add column share_number smallint,
      add column share_count smallint;
    alter table payments add constraint payments_share_shape check (
      (share_number is null) = (share_count is null)
      and (share_number is null or share_number between 1 and share_count));
    -- Invariant 3 stays for plain requests; a split code is paid once per share number.
    drop index payments_request_paid_once;
    create unique index payments_request_paid_once
      on payments (code_id) where code_kind = 'request' and share_number is null;
    create unique index payments_split_share_once
      on payments (code_id, share_number) where share_number is not null;
  `.execute(db);
}
