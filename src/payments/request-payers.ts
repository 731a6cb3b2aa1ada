/**
 * Who paid a payee's requests ("Paguar nga Arta K."): the qr module answers a request without
 * its payer (qr/request-view.ts PaymentRequestView), whose masked name is stored with the
 * payment, and this adds it, so a request reaches the API as qr/views.ts PaymentRequest.
 */
import { assert } from '../core/errors.ts';
import { uuidPattern } from '../core/ids.ts';
import type { Executor } from '../db/transaction.ts';
import type { PaymentRequest } from '../qr/views.ts';

interface PaidByPayment {
  readonly paidByPaymentId: string | null;
}

/** Each request with its payer (null unless paid), in one read for all of them. */
export async function withPayers<T extends PaidByPayment>(
  db: Executor,
  payeeCustomerId: string,
  requests: readonly T[],
): Promise<Array<T & Pick<PaymentRequest, 'paidBy'>>> {
  const names = await payerNamesOf(
    db,
    payeeCustomerId,
    requests.flatMap((request) => request.paidByPaymentId ?? []),
  );
  return requests.map((request) => {
    const name = request.paidByPaymentId ? names.get(request.paidByPaymentId) : undefined;
    return { ...request, paidBy: name === undefined ? null : { name } };
  });
}

/** One request with its payer (null unless paid). */
export async function withPayer<T extends PaidByPayment>(
  db: Executor,
  payeeCustomerId: string,
  request: T,
): Promise<T & Pick<PaymentRequest, 'paidBy'>> {
  const [answer] = await withPayers(db, payeeCustomerId, [request]);
  assert(answer, 'withPayers answers every request it is given');
  return answer;
}

/** Payment id → payer's masked name, for the payee's own payments only. */
async function payerNamesOf(
  db: Executor,
  payeeCustomerId: string,
  paymentIds: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  const ids = paymentIds.filter((id) => uuidPattern.test(id));
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('payments')
    .select(['id', 'payer_name'])
    .where('id', 'in', ids)
    .where('payee_customer_id', '=', payeeCustomerId)
    .execute();
  return new Map(rows.map((row) => [row.id, row.payer_name]));
}
