/** `smartpay db migrate`, `smartpay audit list`, `smartpay demo seed`. */
import { isValidIban } from '../../core/iban.ts';
import { listAudit, recordAudit } from '../../db/audit.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { type Executor, inTransaction } from '../../db/transaction.ts';
import { seedDemoBank } from '../../demo/seed.ts';
import { findCustomerByCif } from '../../identity/customers.ts';
import { ensureInternalAccounts, findAccountByIban } from '../../ledger/accounts.ts';
import { integerArg, optionalTextArg } from '../arguments.ts';
import { type CommandSpec, type JsonObject, defineCommand } from '../registry.ts';
import { lines, table } from '../render.ts';

const migrate = defineCommand<{ engine: string; applied: string[] }>({
  name: 'db migrate',
  summary: 'bring the database schema up to date (the server also does this at start)',
  needsSchema: false,
  async run(context) {
    const { applied } = await migrateToLatest(context.database);
    await ensureInternalAccounts(context.database.db, context.config.currencies);
    if (applied.length > 0)
      await inTransaction(context.database, (trx) =>
        recordAudit(trx, { actor: context.actor, action: 'db.migrate', details: { applied } }),
      );
    return { engine: context.database.engine, applied };
  },
  render: ({ engine, applied }) =>
    applied.length === 0
      ? `Schema is up to date (${engine}); nothing to apply.`
      : `Applied on ${engine}: ${applied.join(', ')}`,
});

type AuditView = {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: JsonObject;
};

/** Operators think in IBANs and CIFs; audit subjects are row ids. Anything else is used as is. */
async function auditSubject(db: Executor, text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  if (isValidIban(text)) return (await findAccountByIban(db, text))?.id ?? text;
  if (/^[0-9]{4,16}$/.test(text)) return (await findCustomerByCif(db, text))?.id ?? text;
  return text;
}

const auditList = defineCommand<{ entries: AuditView[] }>({
  name: 'audit list',
  summary: 'the audit log, newest first',
  options: [
    { flags: '--subject <subject>', description: 'IBAN, CIF, setting key, currency or row id' },
    {
      flags: '--action <prefix>',
      description: 'action or its prefix, e.g. account. or settings.set',
    },
    { flags: '--limit <n>', description: 'at most this many (default 50, max 1000)' },
  ],
  async run(context, args) {
    const db = context.database.db;
    const subject = await auditSubject(db, optionalTextArg(args, 'subject'));
    const action = optionalTextArg(args, 'action');
    const limit = integerArg(args, 'limit', 50, 1, 1000);
    const entries = await listAudit(db, { subject, action, limit });
    return {
      entries: entries.map((e) => ({
        id: e.id.toString(),
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        subject: e.subject,
        // details come from a jsonb column, so they are JSON by construction.
        details: e.details as JsonObject,
      })),
    };
  },
  render: ({ entries }) =>
    table(
      ['#', 'At', 'Actor', 'Action', 'Subject', { title: 'Details', width: 60 }],
      entries.map((e) => [e.id, e.at, e.actor, e.action, e.subject, JSON.stringify(e.details)]),
    ),
});

type DemoView = { customers: { name: string; cif: string; password: string }[]; created: string[] };

const demoSeed = defineCommand<DemoView>({
  name: 'demo seed',
  summary: 'create the demo bank (two customers, accounts, money, rates, tariffs); idempotent',
  async run(context) {
    const seeded = await seedDemoBank(context.database, context.config, context.actor);
    return {
      customers: seeded.customers.map((c) => ({ ...c })),
      created: [...seeded.created],
    };
  },
  render: ({ customers, created }) =>
    lines(
      created.length === 0
        ? 'The demo bank was already complete; nothing changed.'
        : `Created: ${created.join(', ')}.`,
      'Demo logins (for demos only, never in production):',
      table(
        ['Name', 'CIF', 'Password'],
        customers.map((c) => [c.name, c.cif, c.password]),
      ),
    ),
});

export const systemCommands: readonly CommandSpec[] = [migrate, auditList, demoSeed];
