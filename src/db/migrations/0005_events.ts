// 0005: live events get their own log (owned by src/notify); the database wakes listeners itself.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- What the customers' open screens hear (payment.received, request.paid, ...), read per
    -- customer by id. txid is the writing transaction: a row whose txid is below the oldest
    -- running transaction can no longer be joined by an earlier id committing late.
    -- txid_horizon is that oldest running transaction when the row was written: whatever a
    -- client had not yet seen when it saw this row has a txid at or above it (Last-Event-ID).
    create table live_events (
      id bigint generated always as identity primary key,
      customer_id uuid not null references customers (id),
      payload jsonb not null check (jsonb_typeof(payload -> 'type') = 'string'),
      txid xid8 not null default pg_current_xact_id(),
      txid_horizon xid8 not null default pg_snapshot_xmin(pg_current_snapshot()),
      created_at timestamptz not null default now()
    );
    create index live_events_by_customer on live_events (customer_id, id);
    create index live_events_by_txid on live_events (customer_id, txid, id);

    -- Recent events of the outbox keep their ids, so a client's Last-Event-ID still resumes.
    insert into live_events (id, customer_id, payload, created_at)
      overriding system value
      select id, customer_id, payload, created_at from outbox
       where topic = 'event' and customer_id is not null
         and created_at > now() - interval '1 day';
    select setval(pg_get_serial_sequence('live_events', 'id'),
                  greatest((select max(id) from outbox), (select max(id) from live_events), 1));
    delete from outbox where topic = 'event';
    drop index outbox_events_by_customer;
    drop index outbox_events_recent;

    -- The oldest transaction of THIS database still running in the calling statement's snapshot
    -- (or the snapshot's xmax): every row with a txid below it is final. Transactions of other
    -- databases on the same server cannot write here, so they are left out (one that ended
    -- before pg_stat_activity is read counts, which only errs on the safe side); the plain
    -- snapshot xmin would let any long transaction anywhere on the server hold events back.
    create function live_events_horizon() returns xid8 language sql stable as $fn$
      select coalesce(
        (select min(x) from pg_snapshot_xip(pg_current_snapshot()) as x
          where not exists (
            select 1 from pg_stat_activity a
             where a.backend_xid = x::xid and a.datname <> current_database())),
        pg_snapshot_xmax(pg_current_snapshot()))
    $fn$;

    -- NOTIFY is transactional: listeners hear it only when the writing transaction commits.
    -- Once per statement, so a bulk insert wakes each listener once.
    create function live_events_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('smartpay_events', '');
      return null;
    end $$;
    create trigger live_events_notify after insert on live_events
      for each statement execute function live_events_notify();

    create function outbox_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('smartpay_outbox', '');
      return null;
    end $$;
    create trigger outbox_notify after insert on outbox
      for each statement execute function outbox_notify();
  `.execute(db);
}
