/** Joining SmartPay: a full session accepts the current Terms and Conditions (guide §4). */
import type { Clock } from '../core/clock.ts';
import { DomainError } from '../core/errors.ts';
import { recordAudit } from '../db/audit.ts';
import type { Executor } from '../db/transaction.ts';
import { type Session, requireFull } from './sessions.ts';
import { currentTerms } from './terms.ts';
import type { EnrollmentAnswer } from './views.ts';

export async function isEnrolled(db: Executor, customerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('enrollments')
    .select('customer_id')
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function enroll(
  db: Executor,
  session: Session,
  termsVersion: string,
  clock: Clock,
  ip: string | null,
): Promise<EnrollmentAnswer> {
  requireFull(session);
  if (termsVersion !== currentTerms.version)
    throw new DomainError(
      'TERMS_VERSION_MISMATCH',
      'the terms have changed: read and accept the current version',
      { currentVersion: currentTerms.version },
    );
  const acceptedAt = clock.now();
  await db
    .insertInto('enrollments')
    .values({
      customer_id: session.customerId,
      terms_version: termsVersion,
      accepted_at: acceptedAt,
    })
    .onConflict((oc) =>
      oc
        .column('customer_id')
        .doUpdateSet({ terms_version: termsVersion, accepted_at: acceptedAt }),
    )
    .execute();
  await recordAudit(db, {
    actor: `customer:${session.customerId}`,
    action: 'enrollment.accepted',
    subject: session.customerId,
    details: { termsVersion },
    ip,
  });
  return { enrolled: true, termsVersion, acceptedAt: acceptedAt.toISOString() };
}

export async function requireEnrolled(db: Executor, session: Session): Promise<void> {
  if (!(await isEnrolled(db, session.customerId)))
    throw new DomainError('NOT_ENROLLED', 'join SmartPay first: accept the terms in a full login');
}
