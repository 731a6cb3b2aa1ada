/**
 * The bank's internal account ids (fee income, FX position, cash per currency) never change once
 * created, so a process reads them all once per database and keeps them. The read goes through
 * the database handle before the caller's transaction starts: PGlite's single connection belongs
 * to that transaction while it runs, and a rolled-back transaction must not leave an id in the
 * cache that was never committed.
 */
import type { Executor } from '../db/transaction.ts';
import { type InternalAccountKind, internalAccountId } from './accounts.ts';

export interface InternalAccounts {
  /** Reads every internal account id once (outside any transaction); a no-op afterwards. */
  ready(db: Executor): Promise<void>;
  /** The cached id, or (for a currency created since) the lookup inside `trx`, not cached. */
  idOf(trx: Executor, kind: InternalAccountKind, currency: string): Promise<string>;
}

export function internalAccountCache(): InternalAccounts {
  let ids: Map<string, string> | undefined;
  const key = (kind: string, currency: string) => `${kind}:${currency}`;
  return {
    async ready(db) {
      if (ids) return;
      const rows = await db
        .selectFrom('ledger_accounts')
        .select(['id', 'kind', 'currency'])
        .where('kind', '<>', 'customer')
        .execute();
      ids = new Map(rows.map((r) => [key(r.kind, r.currency), r.id]));
    },
    async idOf(trx, kind, currency) {
      const cached = ids?.get(key(kind, currency));
      if (cached) return cached;
      ids = undefined; // read again before the next transaction
      return internalAccountId(trx, kind, currency);
    },
  };
}
