/**
 * What operator commands show of customers and accounts: JSON-able (amounts as decimal strings in
 * the account's currency, times as ISO 8601) and never a password hash.
 */
import { formatIban } from '../core/iban.ts';
import { formatAmount } from '../core/money.ts';
import type { Customer } from '../identity/customers.ts';
import type { LedgerAccount } from '../ledger/accounts.ts';
import { type Cell, record, right, table } from './render.ts';

export type CustomerView = {
  readonly cif: string;
  readonly name: string;
  readonly phone: string;
  readonly smartotpEnabled: boolean;
  readonly createdAt: string;
};

export type AccountView = {
  readonly iban: string;
  readonly currency: string;
  readonly balance: string;
  readonly available: string;
  readonly overdraft: string;
};

export function customerView(customer: Customer): CustomerView {
  return {
    cif: customer.cif,
    name: customer.fullName,
    phone: customer.phone,
    smartotpEnabled: customer.smartotpEnabled,
    createdAt: customer.createdAt.toISOString(),
  };
}

export function accountView(account: LedgerAccount): AccountView {
  const amount = (minor: bigint) => formatAmount(minor, account.currency);
  return {
    iban: account.iban ?? '',
    currency: account.currency,
    balance: amount(account.balance),
    available: amount(account.available),
    overdraft: amount(account.overdraftLimit),
  };
}

export function renderCustomer(customer: CustomerView): string {
  return record({
    CIF: customer.cif,
    Name: customer.name,
    Phone: customer.phone,
    SmartOTP: customer.smartotpEnabled ? 'on' : 'off',
    Created: customer.createdAt,
  });
}

export function renderAccounts(accounts: readonly AccountView[]): string {
  const rows: Cell[][] = accounts.map((a) => [
    formatIban(a.iban),
    a.currency,
    a.balance,
    a.available,
    a.overdraft,
  ]);
  return table(
    ['IBAN', 'Currency', right('Balance'), right('Available'), right('Overdraft')],
    rows,
  );
}
