/**
 * `smartpay account …`: the core-banking side of customer accounts. Money moves only through the
 * ledger's balanced transfers against the bank's cash account, which audit themselves.
 */
import { DomainError } from '../../core/errors.ts';
import { formatIban, parseIban } from '../../core/iban.ts';
import { formatAmount } from '../../core/money.ts';
import { recordAudit } from '../../db/audit.ts';
import { type Executor, inTransaction } from '../../db/transaction.ts';
import { getCustomer, getCustomerByCif } from '../../identity/customers.ts';
import {
  type LedgerAccount,
  deposit,
  findAccountByIban,
  openCustomerAccount,
  setOverdraft,
  withdraw,
} from '../../ledger/index.ts';
import { amountArg, offeredCurrencyArg, optionalTextArg, textArg } from '../arguments.ts';
import {
  type CommandArgs,
  type CommandContext,
  type CommandSpec,
  defineCommand,
} from '../registry.ts';
import { lines, record } from '../render.ts';
import { type AccountView, accountView, renderAccounts } from '../views.ts';

/** Transfer descriptions show on statements; keep them to one short line. */
export const descriptionLengthMax = 140;

type AccountResult = { account: AccountView & { cif: string; name: string } };
type CashResult = AccountResult & { transferId: string; amount: string };

async function accountByIban(db: Executor, args: CommandArgs): Promise<LedgerAccount> {
  const iban = parseIban(textArg(args, 'iban'));
  const account = await findAccountByIban(db, iban);
  if (!account) throw new DomainError('NOT_FOUND', `No account has IBAN ${formatIban(iban)}`);
  return account;
}

async function withOwner(db: Executor, account: LedgerAccount): Promise<AccountResult> {
  const owner = await getCustomer(db, account.customerId ?? '');
  return { account: { ...accountView(account), cif: owner.cif, name: owner.fullName } };
}

function renderAccount({ account }: AccountResult): string {
  return lines(`${account.name} (CIF ${account.cif})`, renderAccounts([account]));
}

const open = defineCommand<AccountResult>({
  name: 'account open',
  summary: 'open a bank account for a customer',
  options: [
    { flags: '--cif <cif>', description: 'customer number' },
    { flags: '--currency <code>', description: 'ISO 4217 code of a currency the bank offers' },
    { flags: '--overdraft <amount>', description: 'approved overdraft (default 0)' },
  ],
  async run(context, args) {
    const currency = offeredCurrencyArg(context.config, args, 'currency');
    const overdraftLimit =
      optionalTextArg(args, 'overdraft') === undefined
        ? 0n
        : amountArg(args, 'overdraft', currency, { allowZero: true });
    return inTransaction(context.database, async (trx) => {
      const customer = await getCustomerByCif(trx, textArg(args, 'cif'));
      const scheme = { country: context.config.country, bankCode: context.config.bankCode };
      const account = await openCustomerAccount(trx, scheme, {
        customerId: customer.id,
        currency,
        overdraftLimit,
      });
      await recordAudit(trx, {
        actor: context.actor,
        action: 'account.open',
        subject: account.id,
        details: {
          iban: account.iban,
          cif: customer.cif,
          currency,
          overdraft: accountView(account).overdraft,
        },
      });
      return withOwner(trx, account);
    });
  },
  render: (result) => lines(`Opened ${formatIban(result.account.iban)}.`, renderAccount(result)),
});

function description(args: CommandArgs): string | undefined {
  const text = optionalTextArg(args, 'description');
  if (text !== undefined && (text.length > descriptionLengthMax || /\p{Cc}/u.test(text)))
    throw new DomainError(
      'VALIDATION_FAILED',
      `description must be one line of at most ${descriptionLengthMax} characters`,
      { field: 'description' },
    );
  return text;
}

function cashCommand(kind: 'deposit' | 'withdraw'): CommandSpec {
  const move = kind === 'deposit' ? deposit : withdraw;
  return defineCommand<CashResult>({
    name: `account ${kind}`,
    summary: kind === 'deposit' ? 'pay cash into an account' : 'pay cash out of an account',
    arguments: [
      { name: 'iban', description: 'account IBAN (spaces allowed)' },
      { name: 'amount', description: "amount in the account's currency, e.g. 100.00" },
    ],
    options: [{ flags: '--description <text>', description: 'text for the statement' }],
    async run(context: CommandContext, args: CommandArgs) {
      return inTransaction(context.database, async (trx) => {
        const account = await accountByIban(trx, args);
        const amount = amountArg(args, 'amount', account.currency);
        const moved = await move(trx, {
          accountId: account.id,
          amount,
          description: description(args),
          actor: context.actor,
        });
        const result = await withOwner(trx, moved.account);
        return {
          ...result,
          transferId: moved.transfer.id,
          amount: formatAmount(amount, account.currency),
        };
      });
    },
    render: (result) =>
      lines(
        `${kind === 'deposit' ? 'Deposited' : 'Withdrew'} ${result.amount} ${result.account.currency} (transfer ${result.transferId}).`,
        renderAccount(result),
      ),
  });
}

const overdraft = defineCommand<AccountResult & { previous: string }>({
  name: 'account overdraft',
  summary: 'approve a new overdraft limit (0 removes it)',
  arguments: [
    { name: 'iban', description: 'account IBAN' },
    { name: 'amount', description: "new limit in the account's currency" },
  ],
  async run(context, args) {
    return inTransaction(context.database, async (trx) => {
      const account = await accountByIban(trx, args);
      const limit = amountArg(args, 'amount', account.currency, { allowZero: true });
      const updated = await setOverdraft(trx, account.id, limit);
      const previous = formatAmount(account.overdraftLimit, account.currency);
      const result = await withOwner(trx, updated);
      await recordAudit(trx, {
        actor: context.actor,
        action: 'account.overdraft',
        subject: account.id,
        details: {
          iban: account.iban,
          currency: account.currency,
          overdraft: result.account.overdraft,
          previous,
        },
      });
      return { ...result, previous };
    });
  },
  render: (result) =>
    lines(
      `Overdraft ${result.previous} → ${result.account.overdraft} ${result.account.currency}.`,
      renderAccount(result),
    ),
});

const show = defineCommand<AccountResult>({
  name: 'account show',
  summary: 'show an account with its balance',
  arguments: [{ name: 'iban', description: 'account IBAN' }],
  async run(context, args) {
    const db = context.database.db;
    return withOwner(db, await accountByIban(db, args));
  },
  render: ({ account }) =>
    record({
      IBAN: formatIban(account.iban),
      Owner: `${account.name} (CIF ${account.cif})`,
      Currency: account.currency,
      Balance: account.balance,
      Available: account.available,
      Overdraft: account.overdraft,
    }),
});

export const accountCommands: readonly CommandSpec[] = [
  open,
  cashCommand('deposit'),
  cashCommand('withdraw'),
  overdraft,
  show,
];
