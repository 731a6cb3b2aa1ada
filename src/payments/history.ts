/**
 * "Hyrjet" (incoming), outgoing payments and receipts. Each party sees its own side: the payer
 * the fee, debit and rate; the payee what arrived. Lists are newest first with an opaque cursor.
 */
import type { Selectable } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { isStorableInstant } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { uuidPattern } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import type { PaymentsTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { Direction, Payment, PaymentPage } from './views.ts';

export const pageSizeMax = 100;
export const exportRowsMax = 10_000;

type Row = Selectable<PaymentsTable>;

export function toView(row: Row, customerId: string): Payment {
  const outgoing = row.payer_customer_id === customerId;
  const money = (minor: bigint, currency: string) => ({
    amount: formatAmount(minor, currency),
    currency,
  });
  return {
    id: row.id,
    direction: outgoing ? 'outgoing' : 'incoming',
    status: row.status,
    kind: row.code_kind,
    amount: formatAmount(row.amount_minor, row.currency),
    currency: row.currency,
    fee: outgoing ? money(row.fee_minor, row.debit_currency) : null,
    debit: outgoing ? money(row.debit_minor + row.fee_minor, row.debit_currency) : null,
    rate: outgoing ? row.rate : null,
    counterparty: { name: outgoing ? row.payee_name : row.payer_name },
    qrAccountId: outgoing ? row.payer_qr_account_id : row.payee_qr_account_id,
    requestId: row.code_kind === 'request' ? row.code_id : null,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    share:
      row.share_number === null || row.share_count === null
        ? null
        : { number: row.share_number, count: row.share_count },
    ...refundLinks(row, outgoing),
  };
}

function refundLinks(
  row: Row,
  outgoing: boolean,
): Pick<Payment, 'refundOf' | 'refunded' | 'refundable'> {
  const link = (paymentId: string, minor: bigint, ofMinor: bigint, currency: string) => ({
    paymentId,
    amount: formatAmount(minor, currency),
    of: formatAmount(ofMinor, currency),
    currency,
  });
  if (row.refund_of_payment_id !== null && row.refund_of_amount_minor !== null)
    return {
      // The refund leaves in the original currency: its debit is the refunded amount.
      refundOf: link(
        row.refund_of_payment_id,
        row.debit_minor,
        row.refund_of_amount_minor,
        row.debit_currency,
      ),
      refunded: null,
      refundable: null,
    };
  const remaining = row.amount_minor - row.refunded_minor;
  return {
    refundOf: null,
    refunded:
      row.refunded_minor > 0n
        ? link(row.id, row.refunded_minor, row.amount_minor, row.currency)
        : null,
    refundable:
      !outgoing && remaining > 0n
        ? { amount: formatAmount(remaining, row.currency), currency: row.currency }
        : null,
  };
}

/** A receipt, for its two parties only: anyone else gets NOT_FOUND, as if it did not exist. */
export async function getPaymentView(
  db: Executor,
  customerId: string,
  paymentId: string,
): Promise<Payment> {
  return toView(await paymentOfParty(db, customerId, paymentId), customerId);
}

/** The payment row, when the customer is its payer or its payee; NOT_FOUND otherwise. */
export async function paymentOfParty(
  db: Executor,
  customerId: string,
  paymentId: string,
): Promise<Selectable<PaymentsTable>> {
  const row = uuidPattern.test(paymentId)
    ? await db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', paymentId)
        .where((eb) =>
          eb.or([
            eb('payer_customer_id', '=', customerId),
            eb('payee_customer_id', '=', customerId),
          ]),
        )
        .executeTakeFirst()
    : undefined;
  if (!row) throw new DomainError('NOT_FOUND', 'no such payment');
  return row;
}

export interface ListQuery {
  readonly direction: Direction;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
  readonly qrAccountId?: string | undefined;
}

export async function listPayments(
  db: Executor,
  customerId: string,
  query: ListQuery,
): Promise<PaymentPage> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), pageSizeMax);
  const party = query.direction === 'outgoing' ? 'payer_customer_id' : 'payee_customer_id';
  let select = db.selectFrom('payments').selectAll().where(party, '=', customerId);
  if (query.qrAccountId) {
    const column = query.direction === 'outgoing' ? 'payer_qr_account_id' : 'payee_qr_account_id';
    select = select.where(column, '=', query.qrAccountId);
  }
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toView(r, customerId)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export interface ExportFilter {
  /** Bank days, inclusive. */
  readonly from: string;
  readonly to: string;
  /** Both directions when absent. */
  readonly direction?: Direction | undefined;
  /** Only payments made from or received on this QR account of the customer. */
  readonly qrAccountId?: string | undefined;
}

/** The payments an export covers, newest first, each as its party sees it (CSV and PDF). */
export async function exportViews(
  db: Executor,
  customerId: string,
  filter: ExportFilter,
): Promise<Payment[]> {
  if (filter.from > filter.to)
    throw new DomainError('VALIDATION_FAILED', 'the start date is after the end date', {
      field: 'from',
    });
  const { direction, qrAccountId } = filter;
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where((eb) => {
      const outgoing = eb.and([
        eb('payer_customer_id', '=', customerId),
        ...(qrAccountId ? [eb('payer_qr_account_id', '=', qrAccountId)] : []),
      ]);
      const incoming = eb.and([
        eb('payee_customer_id', '=', customerId),
        ...(qrAccountId ? [eb('payee_qr_account_id', '=', qrAccountId)] : []),
      ]);
      if (direction === 'outgoing') return outgoing;
      if (direction === 'incoming') return incoming;
      return eb.or([outgoing, incoming]);
    })
    .where('bank_day', '>=', filter.from)
    .where('bank_day', '<=', filter.to)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(exportRowsMax)
    .execute();
  return rows.map((row) => toView(row, customerId));
}

/** RFC 4180 CSV of the payments an export filter selects, amounts as decimals. */
export async function exportCsv(
  db: Executor,
  customerId: string,
  filter: ExportFilter,
): Promise<string> {
  const views = await exportViews(db, customerId, filter);
  const header = [
    'date',
    'direction',
    'counterparty',
    'amount',
    'currency',
    'fee',
    'debit',
    'debit_currency',
    'rate',
    'note',
    'payment_id',
  ];
  const lines = views.map((v) => [
    v.createdAt,
    v.direction,
    asText(v.counterparty.name),
    v.amount,
    v.currency,
    v.fee?.amount ?? '',
    v.debit?.amount ?? '',
    v.debit?.currency ?? '',
    v.rate ?? '',
    asText(v.note ?? ''),
    v.id,
  ]);
  return stringify([header, ...lines], { record_delimiter: 'windows' });
}

/** Text a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
function asText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!isStorableInstant(at) || !id || !uuidPattern.test(id))
    throw new DomainError('VALIDATION_FAILED', 'the cursor is not valid', { field: 'cursor' });
  return { at, id };
}

export interface PaymentRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly bankDay: string;
  readonly kind: 'account' | 'request' | 'refund';
  readonly level: 'full' | 'partial';
  readonly payer: {
    readonly customerId: string;
    readonly name: string;
    readonly accountId: string;
  };
  readonly payee: {
    readonly customerId: string;
    readonly name: string;
    readonly accountId: string;
  };
  readonly amount: string;
  readonly currency: string;
  readonly fee: string;
  readonly debit: string;
  readonly debitCurrency: string;
  readonly rate: string | null;
  readonly transferId: string;
  readonly requestId: string | null;
  /** The share of a split-bill request this payment paid, else null. */
  readonly share: { readonly number: number; readonly count: number } | null;
  readonly refundOfPaymentId: string | null;
  /** What has been refunded of this payment so far, in its currency. */
  readonly refunded: string;
}

/** The bank's view of a payment, both sides at once (operators only: `smartpay payments`). */
export function toRecord(row: Row): PaymentRecord {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    bankDay: row.bank_day,
    kind: row.code_kind,
    level: row.level,
    payer: {
      customerId: row.payer_customer_id,
      name: row.payer_name,
      accountId: row.payer_account_id,
    },
    payee: {
      customerId: row.payee_customer_id,
      name: row.payee_name,
      accountId: row.payee_account_id,
    },
    amount: formatAmount(row.amount_minor, row.currency),
    currency: row.currency,
    fee: formatAmount(row.fee_minor, row.debit_currency),
    debit: formatAmount(row.debit_minor + row.fee_minor, row.debit_currency),
    debitCurrency: row.debit_currency,
    rate: row.rate,
    transferId: row.transfer_id,
    requestId: row.code_kind === 'request' ? row.code_id : null,
    share:
      row.share_number === null || row.share_count === null
        ? null
        : { number: row.share_number, count: row.share_count },
    refundOfPaymentId: row.refund_of_payment_id,
    refunded: formatAmount(row.refunded_minor, row.currency),
  };
}

export async function listPaymentRecords(
  db: Executor,
  query: { customerId?: string; requestId?: string; limit: number },
): Promise<PaymentRecord[]> {
  let select = db
    .selectFrom('payments')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit);
  const { customerId, requestId } = query;
  if (requestId) select = select.where('code_id', '=', requestId);
  if (customerId)
    select = select.where((eb) =>
      eb.or([eb('payer_customer_id', '=', customerId), eb('payee_customer_id', '=', customerId)]),
    );
  return (await select.execute()).map(toRecord);
}

export async function getPaymentRecord(db: Executor, id: string): Promise<PaymentRecord> {
  const row = uuidPattern.test(id)
    ? await db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new DomainError('NOT_FOUND', `no payment ${id}`);
  return toRecord(row);
}

/** The refunds of a payment, oldest first, for either of its parties (operators: any payment). */
export async function refundsOf(db: Executor, paymentId: string): Promise<Row[]> {
  if (!uuidPattern.test(paymentId)) return [];
  return db
    .selectFrom('payments')
    .selectAll()
    .where('refund_of_payment_id', '=', paymentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
