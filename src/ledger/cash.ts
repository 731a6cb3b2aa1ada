/** Operator deposits and withdrawals: balanced transfers against the bank's cash account. */
import { DomainError } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import { type LedgerAccount, getAccount, internalAccountId } from './accounts.ts';
import { type Transfer, postTransfer } from './transfers.ts';

export interface CashMovement {
  readonly accountId: string;
  readonly amount: bigint;
  readonly description?: string;
  readonly actor: string;
}

export async function deposit(
  trx: Executor,
  input: CashMovement,
): Promise<{ transfer: Transfer; account: LedgerAccount }> {
  return moveCash(trx, input, 'deposit');
}

export async function withdraw(
  trx: Executor,
  input: CashMovement,
): Promise<{ transfer: Transfer; account: LedgerAccount }> {
  return moveCash(trx, input, 'withdrawal');
}

async function moveCash(trx: Executor, input: CashMovement, kind: 'deposit' | 'withdrawal') {
  if (input.amount <= 0n)
    throw new DomainError('VALIDATION_FAILED', 'the amount must be above zero', {
      field: 'amount',
    });
  const account = await getAccount(trx, input.accountId);
  if (account.kind !== 'customer')
    throw new DomainError('VALIDATION_FAILED', 'cash moves only to and from customer accounts');
  const cashId = await internalAccountId(trx, 'cash', account.currency);
  const signed = kind === 'deposit' ? input.amount : -input.amount;
  const transfer = await postTransfer(trx, {
    kind,
    description: input.description ?? (kind === 'deposit' ? 'Cash deposit' : 'Cash withdrawal'),
    createdBy: input.actor,
    postings: [
      { accountId: account.id, amount: signed },
      { accountId: cashId, amount: -signed },
    ],
  });
  await recordAudit(trx, {
    actor: input.actor,
    action: `account.${kind}`,
    subject: account.id,
    details: {
      transferId: transfer.id,
      amount: formatAmount(input.amount, account.currency),
      currency: account.currency,
    },
  });
  return { transfer, account: await getAccount(trx, account.id) };
}
