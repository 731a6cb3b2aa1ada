/**
 * Customers of the bank: the core-banking record (CIF, name, registered phone) that operators
 * create, and the password of the customer's mobile-banking login (DESIGN.md §1).
 */
import type { Selectable } from 'kysely';
import { DomainError } from '../core/errors.ts';
import { type RandomBytes, newCif, newId, systemRandomBytes } from '../core/ids.ts';
import { recordAudit } from '../db/audit.ts';
import type { CustomersTable } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import { hashPassword } from './passwords.ts';

export interface Customer {
  readonly id: string;
  readonly cif: string;
  readonly fullName: string;
  /** E.164, e.g. "+38344123456": where SMS codes go. */
  readonly phone: string;
  readonly smartotpEnabled: boolean;
  readonly createdAt: Date;
}

export interface NewCustomer {
  readonly fullName: string;
  readonly phone: string;
  readonly password: string;
  /** The core-banking customer number; a fresh 8-digit one is drawn when absent. */
  readonly cif?: string | undefined;
}

export const fullNameLengthMax = 120;
export const customerPageSizeMax = 1000;
/** Collisions among 90 million CIFs are rare; this many in a row means something is wrong. */
const cifDrawsMax = 20;

/** A CIF as the database accepts it: 4 to 16 digits (generated ones have 8). */
export function parseCif(text: unknown): string {
  const cif = typeof text === 'string' ? text.trim() : '';
  if (!/^[0-9]{4,16}$/.test(cif))
    throw invalid('cif', 'CIF must be 4 to 16 digits (e.g. 12345678)');
  return cif;
}

/** E.164 ("+38344123456"); spaces, dashes, dots and parentheses are dropped first. */
export function parsePhone(text: unknown): string {
  const phone = typeof text === 'string' ? text.replace(/[\s().-]/g, '') : '';
  if (!/^\+[1-9][0-9]{6,14}$/.test(phone))
    throw invalid('phone', 'Phone must be in international format, e.g. +38344123456');
  return phone;
}

export function parseFullName(text: unknown): string {
  const name = typeof text === 'string' ? text.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
  if (name.length === 0) throw invalid('name', 'Name is required');
  if (name.length > fullNameLengthMax)
    throw invalid('name', `Name must be at most ${fullNameLengthMax} characters`);
  // Names end up on screens, SMS texts and QR payloads: control characters have no place there.
  if (/\p{Cc}/u.test(name)) throw invalid('name', 'Name must not contain control characters');
  return name;
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { field });
}

/**
 * Creates a customer with a hashed password and audits it. Everything is validated before the
 * (deliberately slow) hash, so bad input fails fast.
 */
export async function createCustomer(
  db: Executor,
  input: NewCustomer,
  actor: string,
  random: RandomBytes = systemRandomBytes,
): Promise<Customer> {
  const fullName = parseFullName(input.fullName);
  const phone = parsePhone(input.phone);
  const cif = input.cif === undefined ? undefined : parseCif(input.cif);
  const passwordHash = await hashPassword(input.password);
  const row = { id: newId(), full_name: fullName, phone, password_hash: passwordHash };
  const customer =
    cif === undefined
      ? await insertWithFreshCif(db, row, random)
      : await insertCustomer(db, { ...row, cif });
  if (customer === undefined)
    throw new DomainError('CONFLICT', `A customer with CIF ${cif} already exists`, {
      field: 'cif',
    });
  await recordAudit(db, {
    actor,
    action: 'customer.create',
    subject: customer.id,
    details: { cif: customer.cif, name: customer.fullName, phone: customer.phone },
  });
  return customer;
}

type CustomerInsert = Pick<Selectable<CustomersTable>, 'id' | 'cif' | 'full_name' | 'phone'> & {
  password_hash: string;
};

/** `on conflict do nothing` keeps a taken CIF from aborting the caller's transaction. */
async function insertCustomer(db: Executor, row: CustomerInsert): Promise<Customer | undefined> {
  const inserted = await db
    .insertInto('customers')
    .values(row)
    .onConflict((oc) => oc.column('cif').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted && toCustomer(inserted);
}

async function insertWithFreshCif(
  db: Executor,
  row: Omit<CustomerInsert, 'cif'>,
  random: RandomBytes,
): Promise<Customer> {
  for (let draw = 0; draw < cifDrawsMax; draw += 1) {
    const customer = await insertCustomer(db, { ...row, cif: newCif(random) });
    if (customer) return customer;
  }
  throw new Error(`assertion failed: ${cifDrawsMax} generated CIFs in a row were taken`);
}

function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id,
    cif: row.cif,
    fullName: row.full_name,
    phone: row.phone,
    smartotpEnabled: row.smartotp_enabled,
    createdAt: row.created_at,
  };
}

export async function findCustomerByCif(db: Executor, cif: string): Promise<Customer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('cif', '=', cif.trim())
    .executeTakeFirst();
  return row && toCustomer(row);
}

/** NOT_FOUND for an unknown CIF: for operators, who may know; login must not say so (§6). */
export async function getCustomerByCif(db: Executor, cif: string): Promise<Customer> {
  const customer = await findCustomerByCif(db, parseCif(cif));
  if (!customer) throw new DomainError('NOT_FOUND', `No customer has CIF ${cif.trim()}`);
  return customer;
}

export async function getCustomer(db: Executor, id: string): Promise<Customer> {
  const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return toCustomer(row);
}

/** What a login needs: the customer and the stored hash, never shown anywhere else. */
export async function findLoginByCif(
  db: Executor,
  cif: string,
): Promise<{ customer: Customer; passwordHash: string } | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('cif', '=', cif.trim())
    .executeTakeFirst();
  return row && { customer: toCustomer(row), passwordHash: row.password_hash };
}

export async function listCustomers(db: Executor, limit = 100): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .orderBy('cif')
    .limit(Math.max(1, Math.min(limit, customerPageSizeMax)))
    .execute();
  return rows.map(toCustomer);
}

export async function hasCustomers(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('customers').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Operator reset of a mobile-banking password (`smartpay customer set-password`). Every open
 * session of the customer ends: whoever knew the old password is logged out.
 */
export async function setCustomerPassword(
  db: Executor,
  cif: string,
  password: string,
  actor: string,
  now: Date,
): Promise<Customer> {
  const customer = await getCustomerByCif(db, cif);
  const passwordHash = await hashPassword(password);
  await db
    .updateTable('customers')
    .set({ password_hash: passwordHash })
    .where('id', '=', customer.id)
    .execute();
  await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: 'password-reset' })
    .where('customer_id', '=', customer.id)
    .where('ended_at', 'is', null)
    .execute();
  await recordAudit(db, {
    actor,
    action: 'customer.password_set',
    subject: customer.id,
    details: { cif: customer.cif },
  });
  return customer;
}
