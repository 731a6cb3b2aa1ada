/**
 * Cooling-off holds (issue 14 §2): a confirmed first payment to a payee above the payer's
 * threshold waits for the delay the payer chose. Until then it is the payer's alone: nothing in
 * the ledger, no event, nothing in the payee's lists. The payer sees it (GET /api/payments/holds)
 * and can cancel it; at release_at hold-release.ts pays it through the confirm's own steps.
 *
 * Status: held → released (paid, the payment has the hold's id) | cancelled (by the payer) |
 * refused (at release: limits, balance or the code no longer allow it; `refusal_code` says why).
 * Every change leaves 'held' with a conditional UPDATE, so a hold is decided exactly once
 * (invariant 8), whichever instance or request gets there first.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { DomainError, assert } from '../core/errors.ts';
import { newId, uuidPattern } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { PaymentHoldStatus, PaymentHoldsTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { Session } from '../identity/sessions.ts';
import { holdMinutes } from './assurance.ts';
import type { ConfirmFacts } from './confirm-read.ts';
import type { PaymentHold, PaymentHoldList } from './views.ts';

type HoldRow = Selectable<PaymentHoldsTable>;

export function holdView(row: HoldRow): PaymentHold {
  return {
    id: row.id,
    status: row.status,
    kind: row.code_kind,
    payee: { name: row.payee_name },
    amount: formatAmount(row.amount_minor, row.currency),
    currency: row.currency,
    fee: { amount: formatAmount(row.fee_minor, row.debit_currency), currency: row.debit_currency },
    debit: {
      amount: formatAmount(row.debit_minor + row.fee_minor, row.debit_currency),
      currency: row.debit_currency,
    },
    qrAccountId: row.payer_qr_account_id,
    createdAt: row.created_at.toISOString(),
    releaseAt: row.release_at.toISOString(),
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
    paymentId: row.status === 'released' ? row.id : null,
    refusalCode: row.refusal_code,
  };
}

/**
 * Step 4 of a confirm the cooling-off holds (confirm.ts): the quote is used and the hold
 * written, one statement; no money, no usage, no event.
 */
export async function holdPayment(
  trx: Executor,
  facts: ConfirmFacts,
  session: Session,
  now: Date,
): Promise<PaymentHold> {
  const minutes = holdMinutes(facts.assurance, facts.quote.eurMinor);
  assert(minutes !== null, 'only a payment the cooling-off applies to is held');
  const { quote, payee, payer, code } = facts;
  const releaseAt = new Date(now.getTime() + minutes * 60_000);
  const { rows } = await sql<HoldRow>`
    with used as (
      update payment_quotes set used_at = ${now}
       where id = ${quote.id}::uuid and used_at is null
      returning id
    )
    insert into payment_holds (
      id, quote_id, session_id, payer_customer_id, payer_qr_account_id, payee_customer_id,
      payee_name, code_kind, amount_minor, currency, debit_minor, debit_currency, fee_minor,
      eur_minor, level, created_at, release_at)
    select ${newId()}::uuid, used.id, ${session.id}::uuid, ${session.customerId}::uuid,
           ${payer.qrAccountId}::uuid, ${payee.customerId}::uuid, ${payee.name}, ${code.kind},
           ${quote.amountMinor}::bigint, ${quote.currency}, ${quote.debitMinor}::bigint,
           ${quote.debitCurrency}, ${quote.feeMinor}::bigint, ${quote.eurMinor}::bigint,
           ${session.level}, ${now}, ${releaseAt}
      from used
    returning *`.execute(trx);
  const row = rows[0];
  // The locked read holds the quote row: nobody else can have used it in between.
  assert(row, 'the quote of a held payment is used by the hold');
  return holdView(row);
}

/** The payer's holds, newest first (the web app's "waiting" list). */
export async function listHolds(
  db: Executor,
  customerId: string,
  query: { readonly status?: PaymentHoldStatus | undefined; readonly limit?: number | undefined },
): Promise<PaymentHoldList> {
  let select = db
    .selectFrom('payment_holds')
    .selectAll()
    .where('payer_customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit ?? 50);
  if (query.status) select = select.where('status', '=', query.status);
  return { items: (await select.execute()).map(holdView) };
}

/** One hold, for its payer only: anyone else gets NOT_FOUND, as if it did not exist. */
export async function getHold(
  db: Executor,
  customerId: string,
  holdId: string,
): Promise<PaymentHold> {
  const row = uuidPattern.test(holdId)
    ? await db
        .selectFrom('payment_holds')
        .selectAll()
        .where('id', '=', holdId)
        .where('payer_customer_id', '=', customerId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new DomainError('NOT_FOUND', 'no such held payment');
  return holdView(row);
}

/**
 * "Anulo": the payer cancels a held payment while it is still held. The same conditional
 * UPDATE as the release (`status = 'held'`), so a cancel and a release never both happen.
 */
export async function cancelHold(
  db: Executor,
  session: Pick<Session, 'customerId'>,
  holdId: string,
  now: Date,
  ip: string | null,
): Promise<PaymentHold> {
  await getHold(db, session.customerId, holdId); // NOT_FOUND for anyone but its payer
  return cancelHoldAs(db, holdId, `customer:${session.customerId}`, now, ip);
}

/** The same cancel by the bank's staff (CLI `holds cancel`), e.g. a customer calling in. */
export async function cancelHoldAs(
  db: Executor,
  holdId: string,
  actor: string,
  now: Date,
  ip: string | null,
): Promise<PaymentHold> {
  const row = uuidPattern.test(holdId)
    ? await db
        .updateTable('payment_holds')
        .set({ status: 'cancelled', decided_at: now })
        .where('id', '=', holdId)
        .where('status', '=', 'held')
        .returningAll()
        .executeTakeFirst()
    : undefined;
  if (!row) {
    const current = uuidPattern.test(holdId)
      ? await db
          .selectFrom('payment_holds')
          .select('status')
          .where('id', '=', holdId)
          .executeTakeFirst()
      : undefined;
    if (!current) throw new DomainError('NOT_FOUND', 'no such held payment');
    throw new DomainError(
      'HOLD_NOT_CANCELLABLE',
      'this payment is no longer held: it was released, cancelled or refused',
      { status: current.status },
    );
  }
  await recordAudit(db, {
    actor,
    action: 'payment.hold.cancelled',
    subject: row.id,
    details: { amount: formatAmount(row.amount_minor, row.currency), currency: row.currency },
    ip,
  });
  return holdView(row);
}

/** The bank's view (CLI `holds list`): every customer's holds, newest first. */
export async function listHoldRecords(
  db: Executor,
  query: {
    readonly customerId?: string | undefined;
    readonly status?: PaymentHoldStatus | undefined;
    readonly limit: number;
  },
): Promise<Array<PaymentHold & { payerCustomerId: string; payeeCustomerId: string }>> {
  let select = db
    .selectFrom('payment_holds')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.customerId)
    select = select.where((eb) =>
      eb.or([
        eb('payer_customer_id', '=', query.customerId as string),
        eb('payee_customer_id', '=', query.customerId as string),
      ]),
    );
  if (query.status) select = select.where('status', '=', query.status);
  return (await select.execute()).map((row) => ({
    ...holdView(row),
    payerCustomerId: row.payer_customer_id,
    payeeCustomerId: row.payee_customer_id,
  }));
}
