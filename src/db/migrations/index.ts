/**
 * The ordered list of migrations. Numbered, forward-only; each file says its purpose on line one.
 * Listed in code (not read from disk) so the same list runs under tsx, bundlers and tests.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_identity.ts';
import * as m0003 from './0003_qr.ts';
import * as m0004 from './0004_payments.ts';
import * as m0005 from './0005_events.ts';
import * as m0006 from './0006_security.ts';
import * as m0008 from './0008_engine.ts';
import * as m0009 from './0009_receipts.ts';
import * as m0010 from './0010_refunds.ts';
import * as m0012 from './0012_payee_assurance.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_identity': m0002,
  '0003_qr': m0003,
  '0004_payments': m0004,
  '0005_events': m0005,
  '0006_security': m0006,
  '0008_engine': m0008,
  '0009_receipts': m0009,
  '0010_refunds': m0010,
  '0012_payee_assurance': m0012,
};
