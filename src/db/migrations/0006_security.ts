// 0006: the per-customer budget of wrong SMS codes, counted across challenges and servers.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One row per wrong code, whatever the challenge: a resend or a new login does not refill
    -- the budget (bank setting otp.wrongCodesPerHour), and every server counts the same rows.
    create table otp_wrong_codes (
      id bigint generated always as identity primary key,
      customer_id uuid not null references customers (id),
      failed_at timestamptz not null
    );
    create index otp_wrong_codes_by_customer on otp_wrong_codes (customer_id, failed_at);
  `.execute(db);
}
