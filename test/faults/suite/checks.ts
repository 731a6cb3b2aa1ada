/**
 * The end checks of a fault phase, from the database and from the clients' records (DESIGN.md
 * §2): money conserved, balances = postings, no overdraft breached and no limit exceeded, no
 * request paid twice, every acknowledged payment present exactly once in both parties' lists,
 * every unacknowledged one fully or not at all, no live event or SMS lost, `ledger verify` clean.
 */
import { sql } from 'kysely';
import type { Database } from '../../../src/db/connection.ts';
import { verifyLedger } from '../../../src/ledger/verify.ts';
import type { SuiteCustomer } from '../support/bank.ts';
import { ApiClient, type Acknowledged } from '../support/client.ts';
import type { WorkloadRecords } from './workload.ts';

export interface CheckResult {
  readonly name: string;
  readonly violations: number;
  readonly examples: string[];
}

export interface PhaseChecks {
  readonly checks: CheckResult[];
  readonly violations: number;
  readonly lostIds: Set<string>;
  readonly duplicatedIds: Set<string>;
  readonly unacknowledgedHappened: number;
  readonly unacknowledgedNotHappened: number;
}

const check = (name: string, examples: string[]): CheckResult => ({
  name,
  violations: examples.length,
  examples: examples.slice(0, 5),
});

/** Both parties' lists through the API: each acknowledged payment exactly once in each. */
export async function checkLists(
  baseUrl: string,
  customers: readonly SuiteCustomer[],
  acknowledged: readonly Acknowledged[],
): Promise<CheckResult> {
  const api = new ApiClient([baseUrl]);
  const seen = new Map<string, number>(); // `${direction}:${customer}:${id}` → count
  for (const customer of customers) {
    for (const direction of ['outgoing', 'incoming']) {
      let cursor: string | null = null;
      do {
        const query: string = `direction=${direction}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await api.request<{ items: { id: string }[]; nextCursor: string | null }>(
          'GET',
          `/api/payments?${query}`,
          { token: customer.token, timeoutMs: 30_000 },
        );
        if (page.status !== 200) throw new Error(`list ${direction}: ${page.status}`);
        for (const item of page.body.items) {
          const key = `${direction}:${customer.index}:${item.id}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
    }
  }
  const problems: string[] = [];
  for (const record of acknowledged) {
    const out = seen.get(`outgoing:${record.payer}:${record.paymentId}`) ?? 0;
    const into = seen.get(`incoming:${record.payee}:${record.paymentId}`) ?? 0;
    if (out !== 1 || into !== 1)
      problems.push(`${record.paymentId} outgoing ${out} incoming ${into}`);
  }
  return check('every acknowledged payment is exactly once in both lists', problems);
}

async function rows<T>(database: Database, query: string): Promise<T[]> {
  return (await sql<T>`${sql.raw(query)}`.execute(database.db)).rows;
}

export async function checkDatabase(
  database: Database,
  records: WorkloadRecords,
  lists: CheckResult | undefined,
): Promise<PhaseChecks> {
  const checks: CheckResult[] = [];
  const report = await verifyLedger(database.db);
  checks.push(
    check(
      'ledger verify is clean',
      report.checks.filter((c) => c.violations > 0).map((c) => `${c.name}: ${c.examples[0]}`),
    ),
  );
  // Money conserved: what customers and the bank's fee income hold is what cash brought in.
  const money = await rows<{ currency: string; inside: string; cash: string }>(
    database,
    `select a.currency,
            sum(a.balance + coalesce(q.s, 0)) filter (where a.kind <> 'cash') as inside,
            sum(a.balance + coalesce(q.s, 0)) filter (where a.kind = 'cash') as cash
       from ledger_accounts a
       left join (select account_id, sum(amount) s from ledger_pending group by account_id) q
         on q.account_id = a.id
      group by a.currency`,
  );
  checks.push(
    check(
      'money is conserved (customers + fee income + FX = cash deposited)',
      money
        .filter((m) => BigInt(m.inside ?? 0) + BigInt(m.cash ?? 0) !== 0n)
        .map((m) => `${m.currency} inside ${m.inside} cash ${m.cash}`),
    ),
  );
  const ids = new Set(
    (await rows<{ id: string }>(database, 'select id from payments')).map((r) => r.id),
  );
  const lostIds = new Set(
    records.acknowledged.filter((r) => !ids.has(r.paymentId)).map((r) => r.paymentId),
  );
  checks.push(check('no acknowledged payment is lost', [...lostIds]));
  const byKey = new Map<string, Set<string>>();
  for (const record of records.acknowledged)
    byKey.set(record.key, (byKey.get(record.key) ?? new Set()).add(record.paymentId));
  const duplicatedIds = new Set<string>();
  for (const [key, paymentIds] of byKey) if (paymentIds.size > 1) duplicatedIds.add(key);
  for (const row of await rows<{ quote_id: string }>(
    database,
    'select quote_id from payments group by quote_id having count(*) > 1',
  ))
    duplicatedIds.add(row.quote_id);
  checks.push(check('no payment is made twice (per key and per quote)', [...duplicatedIds]));
  checks.push(
    check(
      'no request is paid twice',
      (
        await rows<{ code_id: string }>(
          database,
          `select code_id from payments where code_kind = 'request'
            group by code_id having count(*) > 1`,
        )
      ).map((r) => r.code_id),
    ),
  );
  checks.push(
    check(
      'every payment is whole: its transfer, two or more postings, and the other way round',
      (
        await rows<{ example: string }>(
          database,
          `select p.id::text as example from payments p
             left join ledger_transfers t on t.id = p.transfer_id
            where t.id is null
               or (select count(*) from ledger_postings x where x.transfer_id = t.id) < 2
           union all
           select t.id::text from ledger_transfers t
             left join payments p on p.transfer_id = t.id
            where t.kind = 'payment' and p.id is null`,
        )
      ).map((r) => r.example),
    ),
  );
  checks.push(
    check(
      'no limit exceeded (8,000 EUR per payment, 16,000 EUR per day, usage = payments)',
      (
        await rows<{ example: string }>(
          database,
          `select p.payer_customer_id || ' ' || p.bank_day || ' ' || sum(p.eur_minor) || ' vs usage ' ||
                  coalesce(max(u.eur_minor), 0) as example
             from payments p
             left join daily_usage u on u.customer_id = p.payer_customer_id and u.bank_day = p.bank_day
            group by p.payer_customer_id, p.bank_day
           having sum(p.eur_minor) > 1600000 or max(p.eur_minor) > 800000
               or sum(p.eur_minor) <> coalesce(max(u.eur_minor), 0)
               or count(*) <> coalesce(max(u.payments), 0)`,
        )
      ).map((r) => r.example),
    ),
  );
  checks.push(
    check(
      'no event is lost (a live event per payment for its payee, every SMS dispatched)',
      (
        await rows<{ example: string }>(
          database,
          `select 'missing ' || p.id as example from payments p
            where not exists (
              select 1 from live_events e
               where e.customer_id = p.payee_customer_id and e.payload->>'paymentId' = p.id::text)
           union all
           select 'undispatched ' || o.id from outbox o where o.dispatched_at is null`,
        )
      ).map((r) => r.example),
    ),
  );
  // Unacknowledged: the server either kept the whole payment under that key, or nothing.
  let happened = 0;
  let notHappened = 0;
  const keyRows = await rows<{ key: string; status_code: number | null; response: unknown }>(
    database,
    'select key, status_code, response from idempotency_keys',
  );
  const keys = new Map(keyRows.map((r) => [r.key, r]));
  const partial: string[] = [];
  for (const record of records.unacknowledged) {
    const row = keys.get(record.key);
    const paymentId =
      row && typeof row.response === 'object' && row.response !== null
        ? (row.response as { id?: string }).id
        : undefined;
    if (row?.status_code === 201 && paymentId) {
      happened += 1;
      if (!ids.has(paymentId)) partial.push(`${record.key} recorded ${paymentId} but no payment`);
    } else notHappened += 1;
  }
  checks.push(check('an unacknowledged payment happened fully or not at all', partial));
  if (lists) checks.push(lists);
  return {
    checks,
    violations: checks
      .filter(
        (c) =>
          !c.name.startsWith('no acknowledged payment is lost') &&
          !c.name.startsWith('no payment is made twice'),
      )
      .reduce((sum, c) => sum + c.violations, 0),
    lostIds,
    duplicatedIds,
    unacknowledgedHappened: happened,
    unacknowledgedNotHappened: notHappened,
  };
}
