/**
 * The audit log: who changed money, credentials, device trust or settings, and when. Written in
 * the same transaction as the change it records, so neither exists without the other.
 */
import type { Executor } from './transaction.ts';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject?: string | null;
  readonly details?: Record<string, unknown>;
  readonly ip?: string | null;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  readonly id: bigint;
  readonly at: Date;
  readonly details: Record<string, unknown>;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject ?? null,
      details: JSON.stringify(entry.details ?? {}, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
      ip: entry.ip ?? null,
    })
    .execute();
}

export interface AuditQuery {
  readonly subject?: string;
  readonly action?: string;
  readonly limit?: number;
}

export async function listAudit(db: Executor, query: AuditQuery = {}): Promise<AuditRecord[]> {
  let select = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(Math.min(query.limit ?? 50, 1000));
  if (query.subject) select = select.where('subject', '=', query.subject);
  if (query.action) select = select.where('action', 'like', `${query.action}%`);
  return select.execute();
}
