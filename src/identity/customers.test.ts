import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, engineName, type TestDatabase } from '../../test/helpers/database.ts';
import { isDomainError } from '../core/errors.ts';
import { listAudit } from '../db/audit.ts';
import { inTransaction } from '../db/transaction.ts';
import {
  createCustomer,
  findLoginByCif,
  getCustomerByCif,
  hasCustomers,
  listCustomers,
  parseFullName,
  parsePhone,
} from './customers.ts';
import { dummyVerify, hashPassword, verifyPassword } from './passwords.ts';

function codeOf(error: unknown): unknown {
  return isDomainError(error) ? error.code : error;
}

async function failure(promise: Promise<unknown>): Promise<{ code: unknown; field: unknown }> {
  try {
    await promise;
  } catch (error) {
    return { code: codeOf(error), field: isDomainError(error) ? error.details?.field : undefined };
  }
  throw new Error('expected a failure');
}

describe('phone and name parsing', () => {
  it('accepts E.164 with spaces and dashes, and stores it without them', () => {
    expect(parsePhone('+383 44-123-456')).toBe('+38344123456');
    expect(parsePhone('+1 (415) 555 0100')).toBe('+14155550100');
  });

  it.each(['38344123456', '+0441234567', '+383', '+38344abc456', '+1234567890123456', ''])(
    'refuses the phone "%s"',
    (phone) => {
      expect(() => parsePhone(phone)).toThrowError(/international format/);
    },
  );

  it('normalises spaces in names and refuses empty or control characters', () => {
    expect(parseFullName('  Arta   Krasniqi ')).toBe('Arta Krasniqi');
    expect(() => parseFullName('   ')).toThrowError(/required/);
    expect(() => parseFullName('Arta\u0007')).toThrowError(/control/);
    expect(() => parseFullName('x'.repeat(121))).toThrowError(/at most 120/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'correct horsE')).toBe(false);
  });

  it('treats composed and decomposed letters as the same password', async () => {
    const hash = await hashPassword('Përshëndetje');
    expect(await verifyPassword(hash, 'Pe\u0308rshe\u0308ndetje')).toBe(true);
  });

  it('refuses passwords shorter than 8 characters', async () => {
    expect(await failure(hashPassword('1234567'))).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'password',
    });
  });

  it('dummyVerify always answers false', async () => {
    expect(await dummyVerify('demo1234')).toBe(false);
  });
});

describe(`customers on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('starts without customers', async () => {
    expect(await hasCustomers(database.db)).toBe(false);
  });

  it('creates a customer with a given CIF, a hashed password and an audit record', async () => {
    const customer = await inTransaction(database, (trx) =>
      createCustomer(
        trx,
        {
          fullName: 'Arta Krasniqi',
          phone: '+383 44 123 456',
          password: 'secret123',
          cif: '12345678',
        },
        'test:operator',
      ),
    );
    expect(customer).toMatchObject({
      cif: '12345678',
      fullName: 'Arta Krasniqi',
      phone: '+38344123456',
    });
    expect(customer.smartotpEnabled).toBe(true);
    const login = await findLoginByCif(database.db, '12345678');
    expect(login?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(login?.passwordHash ?? '', 'secret123')).toBe(true);
    const [audit] = await listAudit(database.db, { subject: customer.id });
    expect(audit).toMatchObject({ actor: 'test:operator', action: 'customer.create' });
    expect(JSON.stringify(audit?.details)).not.toContain('secret123');
  });

  it('draws a fresh 8-digit CIF when none is given, skipping taken ones', async () => {
    // The first draw gives 12345678 (taken above); the second a free one.
    const draws = [Uint8Array.of(0, 0x23, 0xca, 0xce), Uint8Array.of(0, 0, 0, 7)];
    const random = (size: number) => draws.shift() ?? new Uint8Array(size);
    const customer = await createCustomer(
      database.db,
      { fullName: 'Besnik Gashi', phone: '+38344333444', password: 'secret123' },
      'test',
      random,
    );
    expect(customer.cif).toBe('10000007');
  });

  it('refuses a CIF that is taken, without aborting the transaction', async () => {
    const outcome = await inTransaction(database, async (trx) => {
      const input = {
        fullName: 'Someone',
        phone: '+38344000000',
        password: 'secret123',
        cif: '12345678',
      };
      const refused = await failure(createCustomer(trx, input, 'test'));
      // The transaction is still usable after the refusal.
      return { refused, count: (await listCustomers(trx)).length };
    });
    expect(outcome).toEqual({ refused: { code: 'CONFLICT', field: 'cif' }, count: 2 });
  });

  it('validates before hashing: bad phone, bad CIF, short password', async () => {
    const base = { fullName: 'X Y', phone: '+38344000000', password: 'secret123' };
    expect(await failure(createCustomer(database.db, { ...base, phone: '044' }, 't'))).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'phone',
    });
    expect(await failure(createCustomer(database.db, { ...base, cif: '12ab' }, 't'))).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'cif',
    });
    expect(await failure(createCustomer(database.db, { ...base, password: 'short' }, 't'))).toEqual(
      {
        code: 'VALIDATION_FAILED',
        field: 'password',
      },
    );
  });

  it('finds customers by CIF and lists them in CIF order', async () => {
    expect((await getCustomerByCif(database.db, ' 12345678 ')).fullName).toBe('Arta Krasniqi');
    expect(await failure(getCustomerByCif(database.db, '87654321'))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await listCustomers(database.db)).map((c) => c.cif)).toEqual(['10000007', '12345678']);
    expect(await hasCustomers(database.db)).toBe(true);
  });
});
