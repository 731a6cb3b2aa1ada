/** `smartpay ledger …`: prove the ledger's invariants, roll up queued postings, internal accounts. */
import { formatAmount } from '../../core/money.ts';
import { recordAudit } from '../../db/audit.ts';
import { inTransaction } from '../../db/transaction.ts';
import { listInternalAccounts, rollUpPending, verifyLedger } from '../../ledger/index.ts';
import { type CommandSpec, defineCommand } from '../registry.ts';
import { lines, right, table } from '../render.ts';

type CheckView = { name: string; violations: number; examples: string[] };
/** `ok: false` makes the CLI exit with status 1 (see main.ts). */
type VerifyView = {
  ok: boolean;
  checks: CheckView[];
  transfers: number;
  postings: number;
  totals: { [currency: string]: string };
};

const verify = defineCommand<VerifyView>({
  name: 'ledger verify',
  summary: 'prove the ledger invariants (double entry, balances, overdrafts); exit 1 if broken',
  async run(context) {
    const report = await verifyLedger(context.database.db);
    const totals = Object.fromEntries(
      Object.entries(report.totals).map(([currency, sum]) => [
        currency,
        formatAmount(sum, currency),
      ]),
    );
    const checks = report.checks.map((c) => ({ ...c, examples: [...c.examples] }));
    return {
      ok: report.ok,
      checks,
      transfers: report.transfers,
      postings: report.postings,
      totals,
    };
  },
  render: (report) => {
    const failing = report.checks.filter((c) => c.violations > 0);
    return lines(
      table(
        ['Check', right('Violations')],
        report.checks.map((c) => [c.name, c.violations]),
      ),
      `${report.transfers} transfers, ${report.postings} postings.`,
      ...failing.map((c) => `FAILED: ${c.name}: ${c.examples.join('; ')}`),
      report.ok ? 'Ledger OK.' : `Ledger NOT OK: ${failing.length} check(s) failed.`,
    );
  },
});

const rollup = defineCommand<{ accounts: number; postings: number }>({
  name: 'ledger rollup',
  summary: 'fold queued postings into account balances (balances seen by customers do not change)',
  async run(context) {
    const report = await rollUpPending(context.database);
    // The roll-up commits one account at a time inside the ledger, so its audit record follows
    // in a transaction of its own; no money moves, only where the balance is kept.
    if (report.postings > 0)
      await inTransaction(context.database, (trx) =>
        recordAudit(trx, { actor: context.actor, action: 'ledger.rollup', details: { ...report } }),
      );
    return { accounts: report.accounts, postings: report.postings };
  },
  render: (r) => `Rolled up ${r.postings} postings into ${r.accounts} accounts.`,
});

type InternalAccountView = { kind: string; currency: string; balance: string };

const accounts = defineCommand<{ accounts: InternalAccountView[] }>({
  name: 'ledger accounts',
  summary: "the bank's internal accounts (cash, fee income, FX positions) with balances",
  async run(context) {
    const internal = await listInternalAccounts(context.database.db);
    return {
      accounts: internal.map((a) => ({
        kind: a.kind,
        currency: a.currency,
        balance: formatAmount(a.balance, a.currency),
      })),
    };
  },
  render: (r) =>
    table(
      ['Kind', 'Currency', right('Balance')],
      r.accounts.map((a) => [a.kind, a.currency, a.balance]),
    ),
});

export const ledgerCommands: readonly CommandSpec[] = [verify, rollup, accounts];
