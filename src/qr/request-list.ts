/**
 * "Kërkesat": the customer's payment requests, newest first, filterable by status and QR
 * account, in pages behind an opaque cursor (DESIGN.md §5).
 */
import { sql } from 'kysely';
import { isStorableInstant } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import type { QrCodeStatus } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { isUuid } from '../ledger/accounts.ts';
import { type PaymentRequestView, toRequestView } from './request-view.ts';
import { type QrContext, checkId } from './store.ts';
import type { RequestPage } from './views.ts';

export const pageSizeDefault = 20;
export const pageSizeMax = 100;
const statuses: readonly QrCodeStatus[] = ['open', 'closed', 'cancelled', 'expired'];

export interface PaymentRequestQuery {
  readonly status?: QrCodeStatus | undefined;
  readonly qrAccountId?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
}

/** "Kërkesat", one page: the API's RequestPage (views.ts) of the module's requests. */
export type PaymentRequestPage = Omit<RequestPage, 'items'> & {
  readonly items: PaymentRequestView[];
};

interface Position {
  readonly createdAt: Date;
  readonly id: string;
}

export async function listPaymentRequests(
  db: Executor,
  customerId: string,
  query: PaymentRequestQuery,
  context: Pick<QrContext, 'clock' | 'payload'>,
): Promise<PaymentRequestPage> {
  const limit = checkLimit(query.limit);
  const now = context.clock.now();
  let select = db
    .selectFrom('qr_codes')
    .selectAll()
    .where('customer_id', '=', checkId(customerId, 'customer'))
    .where('kind', '=', 'request')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (query.status !== undefined) select = select.where(statusCondition(query.status, now));
  if (query.qrAccountId !== undefined)
    select = select.where('qr_account_id', '=', checkFilterId(query.qrAccountId));
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => toRequestView(row, now, context.payload)),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

/**
 * The filter on the status as of `now`: a stored "open" whose expiry has passed counts as
 * expired, so the list is right before the sweep has run.
 */
function statusCondition(status: QrCodeStatus, now: Date) {
  if (!statuses.includes(status)) throw validation('status', `Unknown status "${status}"`);
  if (status === 'open') return sql<boolean>`status = 'open' and expires_at > ${now}`;
  if (status === 'expired')
    return sql<boolean>`(status = 'expired' or (status = 'open' and expires_at <= ${now}))`;
  return sql<boolean>`status = ${status}`;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return pageSizeDefault;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > pageSizeMax)
    throw validation('limit', `limit must be a whole number from 1 to ${pageSizeMax}`);
  return limit;
}

function checkFilterId(id: string): string {
  if (!isUuid(id)) throw validation('qrAccountId', 'qrAccountId is not a valid id');
  return id.toLowerCase();
}

/** Opaque to clients; inside it is the last row's creation time and id, the sort key. */
export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const [at = '', id = '', ...rest] = text.split('|');
  const createdAt = new Date(at);
  if (rest.length > 0 || !isUuid(id) || !isStorableInstant(createdAt) || !at.endsWith('Z'))
    throw validation('cursor', 'The cursor is not valid');
  return { createdAt, id: id.toLowerCase() };
}

function validation(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field, reason: 'format' });
}
