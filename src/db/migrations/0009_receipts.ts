// 0009: signed receipts of payments and refunds, found by their short reference (owned by src/receipts).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Issued once per payment or refund, on first request; the signature covers fields exactly
    -- as stored (canonical JSON text, not jsonb, so not one byte is reordered).
    create table receipts (
      reference text primary key check (reference ~ '^[A-Z2-7]{12}$'),
      subject_kind text not null check (subject_kind in ('payment', 'refund')),
      subject_id uuid not null,
      fields text not null,
      key_id text not null,
      signature text not null,
      created_at timestamptz not null,
      unique (subject_kind, subject_id)
    );
  `.execute(db);
}
