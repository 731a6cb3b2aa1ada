/**
 * Proves invariants 1 and 2 of DESIGN.md §2 for the whole database. Each check is a query that
 * counts violations; a clean ledger has zero everywhere.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';

export interface VerifyCheck {
  readonly name: string;
  readonly violations: number;
  readonly examples: readonly string[];
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checks: readonly VerifyCheck[];
  readonly transfers: number;
  readonly postings: number;
  /** Sum of every account's balance per currency: zero in a balanced ledger. */
  readonly totals: Readonly<Record<string, bigint>>;
}

const checks: ReadonlyArray<{ name: string; query: string }> = [
  {
    name: 'every transfer sums to zero per currency',
    query: `select transfer_id || ' ' || currency || ' ' || sum(amount) as example
              from ledger_postings group by transfer_id, currency having sum(amount) <> 0`,
  },
  {
    name: 'every transfer has at least two postings',
    query: `select t.id::text as example from ledger_transfers t
              left join ledger_postings p on p.transfer_id = t.id
             group by t.id having count(p.id) < 2`,
  },
  {
    name: "every posting is in its account's currency",
    query: `select p.id::text as example from ledger_postings p join ledger_accounts a on a.id = p.account_id
             where a.currency <> p.currency`,
  },
  {
    name: 'every pending entry repeats its posting exactly',
    query: `select q.posting_id::text as example from ledger_pending q join ledger_postings p on p.id = q.posting_id
             where p.account_id <> q.account_id or p.amount <> q.amount`,
  },
  {
    name: 'only credits and internal legs are pending',
    query: `select q.posting_id::text as example from ledger_pending q join ledger_accounts a on a.id = q.account_id
             where a.kind = 'customer' and q.amount < 0`,
  },
  {
    name: 'every balance (rolled up plus pending) equals the sum of its postings',
    query: `select a.id || ' ' || (a.balance + coalesce(q.s, 0)) || ' <> ' || coalesce(p.s, 0) as example
              from ledger_accounts a
              left join (select account_id, sum(amount) s from ledger_pending group by account_id) q on q.account_id = a.id
              left join (select account_id, sum(amount) s from ledger_postings group by account_id) p on p.account_id = a.id
             where a.balance + coalesce(q.s, 0) <> coalesce(p.s, 0)`,
  },
  {
    name: 'no customer account is below its approved overdraft',
    query: `select a.iban || ' ' || (a.balance + coalesce(q.s, 0)) as example
              from ledger_accounts a
              left join (select account_id, sum(amount) s from ledger_pending group by account_id) q on q.account_id = a.id
             where a.kind = 'customer' and a.balance + coalesce(q.s, 0) < -a.overdraft_limit`,
  },
  {
    // Customers' money moves only by named transfers against the internal account that kind allows.
    name: 'every internal leg belongs to its kind of transfer',
    query: `select t.id || ' ' || t.kind || ' ' || a.kind as example
              from ledger_postings p join ledger_transfers t on t.id = p.transfer_id
              join ledger_accounts a on a.id = p.account_id
             where a.kind <> 'customer' and not (
                   (t.kind in ('deposit', 'withdrawal') and a.kind = 'cash')
                or (t.kind = 'payment' and a.kind in ('fee_income', 'fx_position')))`,
  },
  {
    name: 'deposits and withdrawals move one customer account against cash',
    query: `select t.id::text as example from ledger_transfers t join ledger_postings p on p.transfer_id = t.id
              join ledger_accounts a on a.id = p.account_id
             where t.kind in ('deposit', 'withdrawal')
             group by t.id having count(*) filter (where a.kind = 'customer') <> 1 or count(*) <> 2`,
  },
];

export async function verifyLedger(db: Executor): Promise<VerifyReport> {
  const results: VerifyCheck[] = [];
  for (const check of checks) {
    const { rows } = await sql<{ example: string }>`${sql.raw(check.query)}`.execute(db);
    results.push({
      name: check.name,
      violations: rows.length,
      examples: rows.slice(0, 5).map((r) => r.example),
    });
  }
  const totals = await currencyTotals(db);
  const unbalanced = Object.entries(totals).filter(([, sum]) => sum !== 0n);
  results.push({
    name: 'all accounts of each currency sum to zero',
    violations: unbalanced.length,
    examples: unbalanced.map(([currency, sum]) => `${currency} ${sum}`),
  });
  const counts = await sql<{ transfers: bigint; postings: bigint }>`
    select (select count(*) from ledger_transfers) as transfers, (select count(*) from ledger_postings) as postings`.execute(
    db,
  );
  return {
    ok: results.every((c) => c.violations === 0),
    checks: results,
    transfers: Number(counts.rows[0]?.transfers ?? 0n),
    postings: Number(counts.rows[0]?.postings ?? 0n),
    totals,
  };
}

async function currencyTotals(db: Executor): Promise<Record<string, bigint>> {
  const { rows } = await sql<{ currency: string; total: bigint }>`
    select a.currency, (sum(a.balance) + coalesce((select sum(q.amount) from ledger_pending q
           join ledger_accounts b on b.id = q.account_id where b.currency = a.currency), 0))::bigint as total
      from ledger_accounts a group by a.currency order by a.currency`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.currency, BigInt(r.total)]));
}
