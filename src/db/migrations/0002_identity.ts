// 0002: logins (throttle, SMS challenges), sessions, trusted devices (WebAuthn), enrollment, outbox.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Keyed by the CIF as typed, whether or not a customer has it, so a lockout looks the same
    -- for a CIF that exists and one that does not.
    create table login_throttle (
      cif text primary key,
      failed_count integer not null default 0,
      locked_until timestamptz,
      updated_at timestamptz not null default now()
    );

    create table otp_challenges (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      code_hmac text not null,
      expires_at timestamptz not null,
      attempts integer not null default 0,
      attempts_max integer not null,
      send_count integer not null default 1,
      last_sent_at timestamptz not null,
      consumed_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index otp_challenges_by_customer on otp_challenges (customer_id, created_at desc);

    create table trusted_devices (
      id uuid primary key,
      customer_id uuid not null references customers (id),
      credential_id text not null unique,
      public_key bytea not null,
      sign_count bigint not null default 0,
      transports text not null default '',
      name text not null,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      forgotten_at timestamptz
    );
    create index trusted_devices_by_customer on trusted_devices (customer_id);

    create table webauthn_challenges (
      challenge text primary key,
      purpose text not null check (purpose in ('registration', 'authentication')),
      customer_id uuid references customers (id),
      cif text,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table sessions (
      id uuid primary key,
      token_hash text not null unique,
      customer_id uuid not null references customers (id),
      level text not null check (level in ('full', 'partial')),
      device_id uuid references trusted_devices (id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      end_reason text
    );
    create index sessions_by_customer on sessions (customer_id);

    create table enrollments (
      customer_id uuid primary key references customers (id),
      terms_version text not null,
      accepted_at timestamptz not null
    );

    -- Transactional outbox: written in the transaction that causes it, sent after commit.
    create table outbox (
      id bigint generated always as identity primary key,
      topic text not null,
      customer_id uuid references customers (id),
      payload jsonb not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      dispatched_at timestamptz,
      last_error text
    );
    create index outbox_undispatched on outbox (next_attempt_at) where dispatched_at is null;

    -- What the development SMS provider "sent", for operators and tests (smartpay sms list).
    create table sms_messages (
      id bigint generated always as identity primary key,
      phone text not null,
      cif text,
      text text not null,
      sent_at timestamptz not null default now()
    );
  `.execute(db);
}
