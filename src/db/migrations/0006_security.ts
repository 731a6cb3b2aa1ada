// 0006: the budget of wrong SMS codes per customer and the per-CIF login rate, in the database.
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

    -- Login and SmartOTP attempts per CIF as typed, in one-minute windows: every server
    -- counts the same row, so N instances do not multiply the limit.
    create table login_rate (
      cif text primary key,
      window_started_at timestamptz not null,
      attempts integer not null
    );
  `.execute(db);
}
