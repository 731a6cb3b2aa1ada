/** `smartpay customer …`: create customers of the bank, show one with its accounts, list them. */
import { DomainError } from '../../core/errors.ts';
import { inTransaction } from '../../db/transaction.ts';
import {
  createCustomer,
  customerPageSizeMax,
  getCustomerByCif,
  listCustomers,
} from '../../identity/customers.ts';
import { listCustomerAccounts } from '../../ledger/accounts.ts';
import { integerArg, optionalTextArg, textArg } from '../arguments.ts';
import { type CommandArgs, type CommandSpec, defineCommand } from '../registry.ts';
import { lines, table } from '../render.ts';
import {
  type AccountView,
  type CustomerView,
  accountView,
  customerView,
  renderAccounts,
  renderCustomer,
} from '../views.ts';

const create = defineCommand<{ customer: CustomerView }>({
  name: 'customer create',
  summary: 'create a customer with a mobile-banking password',
  options: [
    { flags: '--name <name>', description: 'full name, e.g. "Arta Krasniqi"' },
    {
      flags: '--phone <phone>',
      description: 'registered phone for SMS codes, E.164 (+38344123456)',
    },
    { flags: '--password <password>', description: 'initial password (at least 8 characters)' },
    { flags: '--password-stdin', description: 'read the password from standard input instead' },
    { flags: '--cif <cif>', description: 'customer number (default: a new 8-digit CIF)' },
  ],
  async run(context, args) {
    const input = {
      fullName: textArg(args, 'name'),
      phone: textArg(args, 'phone'),
      password: passwordArg(args),
      cif: optionalTextArg(args, 'cif'),
    };
    const customer = await inTransaction(context.database, (trx) =>
      createCustomer(trx, input, context.actor),
    );
    return { customer: customerView(customer) };
  },
  render: ({ customer }) => lines(`Created customer ${customer.cif}.`, renderCustomer(customer)),
});

/** Not trimmed: spaces may be part of a password. */
function passwordArg(args: CommandArgs): string {
  if (typeof args.password === 'string') return args.password;
  throw new DomainError(
    'VALIDATION_FAILED',
    'password is required: --password or --password-stdin',
    {
      field: 'password',
    },
  );
}

const show = defineCommand<{ customer: CustomerView; accounts: AccountView[] }>({
  name: 'customer show',
  summary: 'show a customer and their accounts',
  arguments: [{ name: 'cif', description: 'customer number' }],
  async run(context, args) {
    const db = context.database.db;
    const customer = await getCustomerByCif(db, textArg(args, 'cif'));
    const accounts = await listCustomerAccounts(db, customer.id);
    return { customer: customerView(customer), accounts: accounts.map(accountView) };
  },
  render: ({ customer, accounts }) =>
    lines(renderCustomer(customer), 'Accounts:', renderAccounts(accounts)),
});

const list = defineCommand<{ customers: CustomerView[] }>({
  name: 'customer list',
  summary: 'list customers by CIF',
  options: [
    {
      flags: '--limit <n>',
      description: `at most this many (default 100, max ${customerPageSizeMax})`,
    },
  ],
  async run(context, args) {
    const limit = integerArg(args, 'limit', 100, 1, customerPageSizeMax);
    const customers = await listCustomers(context.database.db, limit);
    return { customers: customers.map(customerView) };
  },
  render: ({ customers }) =>
    table(
      ['CIF', 'Name', 'Phone', 'SmartOTP', 'Created'],
      customers.map((c) => [c.cif, c.name, c.phone, c.smartotpEnabled ? 'on' : 'off', c.createdAt]),
    ),
});

export const customerCommands: readonly CommandSpec[] = [create, show, list];
