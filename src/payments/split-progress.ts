/**
 * Live progress of a split-bill code ("3 nga 5 paguar"): the payee and every payer of a share
 * hear it. Written in ONE insert with the other events of the transaction: the payers are read
 * by the same statement, after this transaction's share was claimed, so each share payment's
 * event reaches everyone who paid before it, itself included.
 */
import { sql } from 'kysely';
import type { Executor } from '../db/transaction.ts';
import type { LiveEvent, SplitProgress } from '../notify/live-event.ts';

export interface SplitProgressWrite {
  readonly codeId: string;
  readonly payeeCustomerId: string;
  readonly progress: SplitProgress;
  /** The transaction's other events (payment.received …), written by the same statement. */
  readonly events: ReadonlyArray<{ readonly customerId: string; readonly payload: LiveEvent }>;
}

export async function recordSplitProgress(trx: Executor, w: SplitProgressWrite): Promise<void> {
  const own = [...w.events, { customerId: w.payeeCustomerId, payload: w.progress }];
  const rows = sql.join(
    own.map((e) => sql`(${e.customerId}::uuid, ${JSON.stringify(e.payload)}::jsonb)`),
  );
  await sql`
    insert into live_events (customer_id, payload)
    select customer_id, payload from (values ${rows}) as own (customer_id, payload)
    union all
    select payer.customer_id, ${JSON.stringify(w.progress)}::jsonb
      from (select distinct payer_customer_id as customer_id from payments
             where code_id = ${w.codeId}::uuid and share_number is not null
               and payer_customer_id <> ${w.payeeCustomerId}::uuid) as payer`.execute(trx);
}
