/**
 * Correctness after each scenario, from the database (one repeatable-read snapshot) and from what
 * the clients were told:
 * - every 201-acknowledged payment exists, once, with the acknowledged amounts and its transfer
 *   (payer debited the acknowledged debit, payee credited the amount);
 * - no confirm that was refused with a code left a payment behind;
 * - confirms that never got an answer either paid fully or not at all (reported, not failures);
 * - no payment transfer without its payment row, and no payment the clients did not ask for;
 * - every bench account's balance (rolled up plus pending) is its opening balance moved by
 *   exactly the payments the clients know of.
 * `smartpay ledger verify` (run separately through the CLI) proves the ledger's own invariants.
 */
import { type Kysely, sql } from 'kysely';
import { formatAmount, parseAmount } from '../src/core/money.ts';
import type { Schema } from '../src/db/schema.ts';
import type { LoadResult } from './protocol.ts';
import { benchCurrency, openingBalance } from './setup.ts';

export interface CheckReport {
  readonly ok: boolean;
  readonly acknowledged: number;
  readonly refused: number;
  /** Confirms without an answer, and how many of them the database shows as paid. */
  readonly unknown: number;
  readonly unknownPaid: number;
  readonly failures: readonly string[];
}

/** Money the clients know moved, per bank account, summed over every scenario so far. */
export class ExpectedBalances {
  private readonly moved = new Map<string, bigint>();
  paymentsKnown = 0;

  move(accountId: string, minor: bigint): void {
    this.moved.set(accountId, (this.moved.get(accountId) ?? 0n) + minor);
  }

  expected(accountId: string): bigint {
    return parseAmount(openingBalance, benchCurrency) + (this.moved.get(accountId) ?? 0n);
  }
}

const chunkSize = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

interface PaymentRow {
  id: string;
  quote_id: string;
  payer_account_id: string;
  payee_account_id: string;
  amount_minor: bigint;
  payer_leg: bigint | null;
  payee_leg: bigint | null;
}

async function paymentsForQuotes(db: Kysely<Schema>, quoteIds: readonly string[]) {
  const rows: PaymentRow[] = [];
  for (const part of chunks(quoteIds)) {
    const found = await db
      .selectFrom('payments as p')
      .leftJoin('ledger_postings as l', 'l.transfer_id', 'p.transfer_id')
      .select([
        'p.id',
        'p.quote_id',
        'p.payer_account_id',
        'p.payee_account_id',
        'p.amount_minor',
        sql<
          bigint | null
        >`sum(case when l.account_id = p.payer_account_id then l.amount end)::bigint`.as(
          'payer_leg',
        ),
        sql<
          bigint | null
        >`sum(case when l.account_id = p.payee_account_id then l.amount end)::bigint`.as(
          'payee_leg',
        ),
      ])
      .where('p.quote_id', 'in', part)
      .groupBy(['p.id', 'p.quote_id', 'p.payer_account_id', 'p.payee_account_id', 'p.amount_minor'])
      .execute();
    rows.push(...(found as PaymentRow[]));
  }
  return new Map(rows.map((row) => [row.quote_id, row]));
}

export async function checkScenario(
  db: Kysely<Schema>,
  result: LoadResult,
  /** Bank account id of each bench customer, by customer index. */
  accounts: readonly string[],
  balances: ExpectedBalances,
): Promise<CheckReport> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const failures: string[] = [];
      const fail = (message: string) => failures.length < 20 && failures.push(message);
      const quoteIds = [
        ...result.paid.map((a) => a.quoteId),
        ...result.refused.map((a) => a.quoteId),
        ...result.unknown.map((a) => a.quoteId),
      ];
      const payments = await paymentsForQuotes(trx, quoteIds);
      const seenIds = new Set<string>();
      for (const ack of result.paid) {
        const row = payments.get(ack.quoteId);
        const amount = parseAmount(ack.amount, benchCurrency);
        const debit = parseAmount(ack.debit, benchCurrency);
        if (!row) fail(`acknowledged payment ${ack.paymentId} is missing`);
        else if (row.id !== ack.paymentId)
          fail(`quote ${ack.quoteId} was acknowledged as ${ack.paymentId} but paid as ${row.id}`);
        else if (row.amount_minor !== amount || row.payee_leg !== amount)
          fail(`payment ${row.id}: payee credited ${row.payee_leg}, acknowledged ${amount}`);
        else if (row.payer_leg !== -debit)
          fail(`payment ${row.id}: payer debited ${row.payer_leg}, acknowledged ${-debit}`);
        if (seenIds.has(ack.paymentId)) fail(`payment ${ack.paymentId} acknowledged twice`);
        seenIds.add(ack.paymentId);
        balances.move(accounts[ack.payer]!, -debit);
        balances.move(accounts[ack.payee]!, amount);
        balances.paymentsKnown++;
      }
      for (const refusal of result.refused)
        if (payments.has(refusal.quoteId))
          fail(`quote ${refusal.quoteId} was refused (${refusal.code}) but a payment exists`);
      let unknownPaid = 0;
      for (const lost of result.unknown) {
        const row = payments.get(lost.quoteId);
        if (!row) continue;
        // Paid without an answer reaching the client: it must be whole (both legs present).
        unknownPaid++;
        if (row.payee_leg !== row.amount_minor || row.payer_leg === null || row.payer_leg >= 0n)
          fail(`unacknowledged payment ${row.id} is half-done`);
        balances.move(accounts[lost.payer]!, row.payer_leg ?? 0n);
        balances.move(accounts[lost.payee]!, row.amount_minor);
        balances.paymentsKnown++;
      }
      await checkWholeDatabase(trx, accounts, balances, fail);
      return {
        ok: failures.length === 0,
        acknowledged: result.paid.length,
        refused: result.refused.length,
        unknown: result.unknown.length,
        unknownPaid,
        failures,
      };
    });
}

async function checkWholeDatabase(
  db: Kysely<Schema>,
  accountIds: readonly string[],
  balances: ExpectedBalances,
  fail: (message: string) => void,
): Promise<void> {
  const orphans = await sql<{ n: bigint }>`
    select count(*) as n from ledger_transfers t
     where t.kind = 'payment' and not exists (select 1 from payments p where p.transfer_id = t.id)`.execute(
    db,
  );
  const orphanCount = orphans.rows[0]?.n ?? 0n;
  if (orphanCount > 0n) fail(`${orphanCount} payment transfers have no payment row`);
  const total = await sql<{ n: bigint }>`select count(*) as n from payments`.execute(db);
  const paymentCount = Number(total.rows[0]?.n ?? 0n);
  if (paymentCount !== balances.paymentsKnown)
    fail(`${paymentCount} payments in the database, the clients know of ${balances.paymentsKnown}`);
  for (const part of chunks(accountIds)) {
    const rows = await db
      .selectFrom('ledger_accounts as a')
      .select([
        'a.id',
        sql<bigint>`(a.balance + coalesce((select sum(q.amount) from ledger_pending q where q.account_id = a.id), 0))::bigint`.as(
          'total',
        ),
      ])
      .where('a.id', 'in', part)
      .execute();
    for (const row of rows) {
      const expected = balances.expected(row.id);
      if (BigInt(row.total) !== expected)
        fail(
          `account ${row.id} holds ${formatAmount(BigInt(row.total), benchCurrency)}, the clients expect ${formatAmount(expected, benchCurrency)}`,
        );
    }
  }
}
