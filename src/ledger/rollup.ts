/**
 * Folds queued postings (ledger_pending) into account balances. Runs outside payments, in small
 * transactions of one account each, so the hot internal accounts are updated by this job alone.
 */
import { sql } from 'kysely';
import type { Database } from '../db/connection.ts';
import { inTransaction } from '../db/transaction.ts';

export interface RollUpReport {
  readonly accounts: number;
  readonly postings: number;
}

export async function rollUpPending(
  database: Pick<Database, 'db'>,
  accountsMax = 500,
): Promise<RollUpReport> {
  const accounts = await database.db
    .selectFrom('ledger_pending')
    .select('account_id')
    .distinct()
    .limit(accountsMax)
    .execute();
  let postings = 0;
  for (const { account_id: accountId } of accounts) {
    postings += await inTransaction(database, (trx) => rollUpAccount(trx, accountId));
  }
  return { accounts: accounts.length, postings };
}

async function rollUpAccount(
  trx: Parameters<Parameters<typeof inTransaction>[1]>[0],
  accountId: string,
): Promise<number> {
  // The account row is locked before its pending rows are taken, the order a payment's locked
  // read and debit use too, so a roll-up and a payment of the same account cannot deadlock.
  const { rows } = await sql<{ moved: number }>`
    with locked as (
      select id from ledger_accounts where id = ${accountId} for no key update
    ),
    moved as (
      delete from ledger_pending where account_id = (select id from locked) returning amount
    ),
    updated as (
      update ledger_accounts set balance = balance + coalesce((select sum(amount) from moved), 0)
       where id = (select id from locked)
      returning id
    )
    select (select count(*) from moved)::int as moved, (select count(*) from updated)::int as updated`.execute(
    trx,
  );
  return rows[0]?.moved ?? 0;
}
