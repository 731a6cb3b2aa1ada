/**
 * QR accounts (guide §4.1, §4.2, §7.3): opened from one of the customer's bank accounts, each
 * with its reusable account code; deleting one makes every code of it invalid at once.
 */
import { DomainError, assert } from '../core/errors.ts';
import { newCodeReference } from '../core/ids.ts';
import { formatAmount } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import {
  type LedgerAccount,
  findAccount,
  getAccount,
  listCustomerAccounts,
} from '../ledger/accounts.ts';
import { maskName } from './names.ts';
import {
  type PayloadSettings,
  type QrContext,
  checkId,
  codePayload,
  customerActor,
  idsOf,
  isUniqueViolation,
  notFound,
} from './store.ts';
import type { DeletedQrAccount, QrAccount } from './views.ts';

/**
 * A QR account as the module answers it: the API's shape (views.ts QrAccount), which the routes
 * send as it is, and its balance in minor units for the bank's own use (not sent).
 */
export type QrAccountView = QrAccount & { readonly balanceMinor: bigint };

export interface OpenQrAccountInput {
  readonly customerId: string;
  readonly bankAccountId: string;
  /** The customer's name; it is masked before it is stored or encoded. */
  readonly payeeName: string;
}

const oneOpenIndex = 'qr_accounts_one_open_per_bank_account';

/** "Krijoni Llogari QR" → account → "Aprovo": the QR account and its account code, at once. */
export async function openQrAccount(
  trx: Executor,
  input: OpenQrAccountInput,
  context: QrContext,
): Promise<QrAccountView> {
  const customerId = checkId(input.customerId, 'bank account');
  const bank = await findAccount(trx, checkId(input.bankAccountId, 'bank account'));
  if (bank?.kind !== 'customer' || bank.customerId !== customerId) throw notFound('bank account');
  await refuseSecondOpen(trx, bank.id);
  const now = context.clock.now();
  const id = idsOf(context).newId();
  const payeeName = maskName(input.payeeName);
  try {
    await trx
      .insertInto('qr_accounts')
      .values({
        id,
        customer_id: customerId,
        bank_account_id: bank.id,
        currency: bank.currency,
        payee_name: payeeName,
        status: 'open',
        created_at: now,
        deleted_at: null,
      })
      .execute();
  } catch (error) {
    // Two opens racing past refuseSecondOpen: the partial unique index lets one through.
    if (isUniqueViolation(error, oneOpenIndex)) throw qrAccountExists();
    throw error;
  }
  await insertAccountCode(trx, { id, customerId, currency: bank.currency, payeeName }, context);
  await recordAudit(trx, {
    actor: customerActor(customerId),
    action: 'qr.account.open',
    subject: id,
    details: { bankAccountId: bank.id, currency: bank.currency },
  });
  return getQrAccount(trx, customerId, id, context.payload);
}

async function refuseSecondOpen(trx: Executor, bankAccountId: string): Promise<void> {
  const open = await trx
    .selectFrom('qr_accounts')
    .select('id')
    .where('bank_account_id', '=', bankAccountId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (open) throw qrAccountExists();
}

function qrAccountExists(): DomainError {
  return new DomainError('QR_ACCOUNT_EXISTS', 'This bank account already has an open QR account');
}

interface NewAccountCode {
  readonly id: string;
  readonly customerId: string;
  readonly currency: string;
  readonly payeeName: string;
}

async function insertAccountCode(trx: Executor, account: NewAccountCode, context: QrContext) {
  await trx
    .insertInto('qr_codes')
    .values({
      id: idsOf(context).newId(),
      qr_account_id: account.id,
      customer_id: account.customerId,
      kind: 'account',
      reference: newCodeReference(context.random),
      amount_minor: null,
      currency: account.currency,
      note: null,
      payee_name: account.payeeName,
      status: 'open',
      expires_at: null,
      created_at: context.clock.now(),
    })
    .execute();
}

/** Open QR accounts with their account codes, joined in SQL; ordered oldest first. */
function selectOpenAccounts(db: Executor, customerId: string) {
  return db
    .selectFrom('qr_accounts as a')
    .innerJoin('qr_codes as c', (join) =>
      join.onRef('c.qr_account_id', '=', 'a.id').on('c.kind', '=', 'account'),
    )
    .select(['a.id', 'a.bank_account_id', 'a.currency', 'a.payee_name', 'a.created_at'])
    .select(['c.id as code_id', 'c.reference', 'c.kind', 'c.amount_minor', 'c.note'])
    .where('a.customer_id', '=', customerId)
    .where('a.status', '=', 'open')
    .orderBy('a.created_at')
    .orderBy('a.id');
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof selectOpenAccounts>['execute']>>[number];

function toView(
  row: AccountRow,
  bank: LedgerAccount | undefined,
  settings: PayloadSettings,
): QrAccountView {
  // openQrAccount only accepts the customer's own customer accounts, which always have an IBAN.
  assert(bank?.iban, 'a QR account rests on a customer account');
  return {
    id: row.id,
    bankAccountId: row.bank_account_id,
    iban: bank.iban,
    currency: row.currency,
    balance: formatAmount(bank.balance, row.currency),
    balanceMinor: bank.balance,
    payeeName: row.payee_name,
    status: 'open',
    createdAt: row.created_at.toISOString(),
    accountCode: { id: row.code_id, reference: row.reference, payload: codePayload(row, settings) },
  };
}

/** "Llogaritë e mia": the customer's open QR accounts, with balances and account codes. */
export async function listQrAccounts(
  db: Executor,
  customerId: string,
  settings: PayloadSettings,
): Promise<QrAccountView[]> {
  const rows = await selectOpenAccounts(db, checkId(customerId, 'customer')).execute();
  if (rows.length === 0) return [];
  const banks = new Map((await listCustomerAccounts(db, customerId)).map((a) => [a.id, a]));
  return rows.map((row) => toView(row, banks.get(row.bank_account_id), settings));
}

/** One open QR account of the customer; NOT_FOUND for others', deleted or unknown ones. */
export async function getQrAccount(
  db: Executor,
  customerId: string,
  id: string,
  settings: PayloadSettings,
): Promise<QrAccountView> {
  const row = await selectOpenAccounts(db, checkId(customerId, 'QR account'))
    .where('a.id', '=', checkId(id, 'QR account'))
    .executeTakeFirst();
  if (!row) throw notFound('QR account');
  return toView(row, await getAccount(db, row.bank_account_id), settings);
}

/** The account code's payload alone, for the picture routes (no balance lookup). */
export async function accountCodePayload(
  db: Executor,
  customerId: string,
  qrAccountId: string,
  settings: PayloadSettings,
): Promise<string> {
  const row = await selectOpenAccounts(db, checkId(customerId, 'QR account'))
    .where('a.id', '=', checkId(qrAccountId, 'QR account'))
    .executeTakeFirst();
  if (!row) throw notFound('QR account');
  return codePayload(row, settings);
}

/**
 * "Fshij Llogarinë": the QR account is deleted and its open requests are cancelled in the same
 * transaction, so "Kërkesat" shows them as cancelled and nothing of it can be paid afterwards.
 * Its code rows are locked first: a payment holding one finishes before the delete, and one
 * that comes later finds the account deleted.
 */
export async function deleteQrAccount(
  trx: Executor,
  customerId: string,
  id: string,
  context: Pick<QrContext, 'clock'>,
): Promise<DeletedQrAccount> {
  const owner = checkId(customerId, 'QR account');
  const account = await trx
    .selectFrom('qr_accounts')
    .select(['id', 'bank_account_id'])
    .where('id', '=', checkId(id, 'QR account'))
    .where('customer_id', '=', owner)
    .where('status', '=', 'open')
    .forUpdate()
    .executeTakeFirst();
  if (!account) throw notFound('QR account');
  const now = context.clock.now();
  await trx
    .selectFrom('qr_codes')
    .select('id')
    .where('qr_account_id', '=', account.id)
    .orderBy('id')
    .forUpdate()
    .execute();
  const cancelledRequests = await closeOpenRequests(trx, account.id, now);
  await trx
    .updateTable('qr_accounts')
    .set({ status: 'deleted', deleted_at: now })
    .where('id', '=', account.id)
    .execute();
  await recordAudit(trx, {
    actor: customerActor(owner),
    action: 'qr.account.delete',
    subject: account.id,
    details: { bankAccountId: account.bank_account_id, cancelledRequests },
  });
  return { id: account.id, deletedAt: now.toISOString(), cancelledRequests };
}

/** Past-due requests become expired (what they already were), the others cancelled. */
async function closeOpenRequests(trx: Executor, qrAccountId: string, now: Date): Promise<number> {
  const open = trx
    .updateTable('qr_codes')
    .where('qr_account_id', '=', qrAccountId)
    .where('kind', '=', 'request')
    .where('status', '=', 'open');
  await open.set({ status: 'expired' }).where('expires_at', '<=', now).execute();
  const cancelled = await open
    .set({ status: 'cancelled', cancelled_at: now })
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(cancelled.numUpdatedRows);
}
