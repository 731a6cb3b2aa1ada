import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { createCustomer } from '../../src/identity/customers.ts';

// The data before and after 0005 on the embedded database (the SQL is the same on PostgreSQL).
describe('migration 0005_events: the outbox events move to their own log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' });
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0005'));
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => before },
      migrationTableName: 'schema_migrations',
      migrationLockTableName: 'schema_migrations_lock',
    }).migrateToLatest();
    if (error) throw error;
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps recent events with their ids (Last-Event-ID still resumes), drops old ones, and new ids follow', async () => {
    const customer = await createCustomer(
      database.db,
      { fullName: 'Arta Krasniqi', phone: '+38344111222', password: 'correct horse' },
      'test',
    );
    await sql`
      insert into outbox (topic, customer_id, payload, created_at, dispatched_at) values
        ('event', ${customer.id}, '{"type":"payment.received","paymentId":"old"}', now() - interval '3 days', now()),
        ('sms', ${customer.id}, '{"phone":"+38344111222"}', now(), null),
        ('event', ${customer.id}, '{"type":"payment.received","paymentId":"recent"}', now(), now()),
        ('event', ${customer.id}, '{"type":"request.paid","paymentId":"recent"}', now(), null)`.execute(
      database.db,
    );
    const outboxIds = await sql<{ id: bigint; topic: string; paymentId: string | null }>`
      select id, topic, payload->>'paymentId' as "paymentId" from outbox order by id`.execute(
      database.db,
    );
    await migrateToLatest(database);
    const events = await sql<{ id: bigint; type: string }>`
      select id, payload->>'type' as type from live_events order by id`.execute(database.db);
    const recent = outboxIds.rows.filter((r) => r.paymentId === 'recent').map((r) => r.id);
    expect(events.rows.map((e) => e.id)).toEqual(recent);
    expect(events.rows.map((e) => e.type)).toEqual(['payment.received', 'request.paid']);
    const outbox = await sql<{ topic: string }>`select topic from outbox`.execute(database.db);
    expect(outbox.rows).toEqual([{ topic: 'sms' }]);
    const next = await sql<{ id: bigint }>`
      insert into live_events (customer_id, payload) values (${customer.id}, '{"type":"request.paid"}')
      returning id`.execute(database.db);
    expect(next.rows[0]!.id).toBeGreaterThan(outboxIds.rows.at(-1)!.id);
  });
});
