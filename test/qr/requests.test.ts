import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { deleteQrAccount, openQrAccount } from '../../src/qr/accounts.ts';
import { parseSmartPayPayload } from '../../src/qr/payload.ts';
import {
  type PaymentRequestView,
  cancelPaymentRequest,
  createPaymentRequest,
  getPaymentRequest,
  listPaymentRequests,
  noteLengthMax,
  pageSizeMax,
} from '../../src/qr/requests.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';
import { accountIn, customerWithMoney, type TestCustomer } from '../helpers/bank.ts';
import { payloadSettings, testContext } from './fixtures.ts';

const hourMs = 3_600_000;

describe(`payment requests on ${engineName}`, () => {
  let database: TestDatabase;
  let arta: TestCustomer;
  let besa: TestCustomer;
  const qr: Record<string, string> = {};
  const context = testContext();

  const create = (
    amount: unknown,
    options: { note?: unknown; currency?: string; customer?: TestCustomer } = {},
  ) =>
    inTransaction(database, (trx) =>
      createPaymentRequest(
        trx,
        {
          customerId: (options.customer ?? arta).customerId,
          qrAccountId: qr[options.currency ?? 'EUR'] ?? '',
          amount,
          note: options.note,
        },
        context,
      ),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    arta = await customerWithMoney(database.db, {
      name: 'Arta Krasniqi',
      accounts: [{ currency: 'EUR' }, { currency: 'USD' }, { currency: 'JPY' }],
      canLogIn: false,
    });
    besa = await customerWithMoney(database.db, {
      name: 'Besa Çela',
      accounts: [{ currency: 'EUR' }],
      canLogIn: false,
    });
    for (const currency of ['EUR', 'USD', 'JPY']) {
      const opened = await inTransaction(database, (trx) =>
        openQrAccount(
          trx,
          {
            customerId: arta.customerId,
            bankAccountId: accountIn(arta, currency),
            payeeName: arta.name,
          },
          context,
        ),
      );
      qr[currency] = opened.id;
    }
  });
  afterAll(async () => {
    await database.close();
  });

  it('creates an open request that expires after the bank validity, with its payload', async () => {
    const created = await create('12.50', { note: '  Drekë me shokët  ' });
    expect(created).toMatchObject({
      qrAccountId: qr.EUR,
      amount: '12.50',
      amountMinor: 1250n,
      currency: 'EUR',
      status: 'open',
      note: 'Drekë me shokët',
      createdAt: context.clock.now().toISOString(),
      expiresAt: new Date(context.clock.now().getTime() + 24 * hourMs).toISOString(),
    });
    expect(parseSmartPayPayload(created.payload, payloadSettings)).toMatchObject({
      kind: 'request',
      reference: created.reference,
      amountMinor: 1250n,
      note: 'Dreke me shoket',
      payeeName: 'Arta K.',
    });
    const audit = await listAudit(database.db, { subject: created.id });
    expect(audit.map((entry) => entry.action)).toEqual(['qr.request.create']);
  });

  it.each([
    ['0', 'zero'],
    ['-1.00', 'sign'],
    ['12.505', 'too_many_decimals'],
    ['12,50', 'comma'],
    ['abc', 'not_a_number'],
    [12.5, 'not_a_string'],
    ['8000.01', 'above_maximum'],
  ])('refuses the EUR amount %j (%s)', async (amount, reason) => {
    await expect(create(amount)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.objectContaining({ field: 'amount', reason }),
    });
  });

  it('allows up to the full-login payment limit in EUR, and other currencies in their own units', async () => {
    expect((await create('8000.00')).amount).toBe('8000.00');
    expect((await create('9000.00', { currency: 'USD' })).amount).toBe('9000.00');
    expect((await create('1500', { currency: 'JPY' })).amount).toBe('1500');
    await expect(create('1500.5', { currency: 'JPY' })).rejects.toMatchObject({
      details: expect.objectContaining({ reason: 'too_many_decimals' }),
    });
  });

  it('keeps notes up to 140 characters, drops empty ones and refuses control characters', async () => {
    expect((await create('1.00', { note: '🍕'.repeat(noteLengthMax) })).note).toBe(
      '🍕'.repeat(140),
    );
    expect((await create('1.00', { note: '   ' })).note).toBeNull();
    for (const [note, reason] of [
      ['x'.repeat(141), 'too_long'],
      ['line\nbreak', 'characters'],
      ['\u202Eevil', 'characters'],
      [42, 'not_a_string'],
    ] as const) {
      await expect(create('1.00', { note })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field: 'note', reason },
      });
    }
  });

  it("refuses requests on another customer's QR account (NOT_FOUND)", async () => {
    await expect(create('1.00', { customer: besa })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists newest first, in pages that meet without gaps or repeats', async () => {
    const all: PaymentRequestView[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPaymentRequests(
        database.db,
        arta.customerId,
        { cursor, limit: 3 },
        context,
      );
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const full = await listPaymentRequests(
      database.db,
      arta.customerId,
      { limit: pageSizeMax },
      context,
    );
    expect(all.map((item) => item.id)).toEqual(full.items.map((item) => item.id));
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
    const keys = all.map((item) => `${item.createdAt}|${item.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(full.nextCursor).toBeNull();
  });

  it('filters by QR account and by status, and shows nobody else the list', async () => {
    const usd = await listPaymentRequests(
      database.db,
      arta.customerId,
      { qrAccountId: qr.USD },
      context,
    );
    expect(usd.items.map((item) => item.currency)).toEqual(['USD']);
    const cancelled = await listPaymentRequests(
      database.db,
      arta.customerId,
      { status: 'cancelled' },
      context,
    );
    expect(cancelled.items).toEqual([]);
    expect((await listPaymentRequests(database.db, besa.customerId, {}, context)).items).toEqual(
      [],
    );
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: pageSizeMax + 1 }, 'limit'],
    [{ limit: 1.5 }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ cursor: Buffer.from('2026-01-01T00:00:00.000Z|nope').toString('base64url') }, 'cursor'],
    [{ qrAccountId: 'x' }, 'qrAccountId'],
    [{ status: 'paid' as 'open' }, 'status'],
  ])('refuses the list query %j', async (query, field) => {
    await expect(
      listPaymentRequests(database.db, arta.customerId, query, context),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.objectContaining({ field }),
    });
  });

  it('cancels an open request once; it then reads as cancelled', async () => {
    const request = await create('3.00');
    const cancel = () =>
      inTransaction(database, (trx) =>
        cancelPaymentRequest(trx, arta.customerId, request.id, context),
      );
    expect(await cancel()).toMatchObject({
      status: 'cancelled',
      cancelledAt: context.clock.now().toISOString(),
    });
    await expect(cancel()).rejects.toMatchObject({ code: 'QR_CANCELLED' });
    const listed = await listPaymentRequests(
      database.db,
      arta.customerId,
      { status: 'cancelled' },
      context,
    );
    expect(listed.items.map((item) => item.id)).toContain(request.id);
    const audit = await listAudit(database.db, { subject: request.id });
    expect(audit.map((entry) => entry.action)).toEqual(['qr.request.cancel', 'qr.request.create']);
  });

  it("neither shows nor cancels another customer's request, nor an account code as a request", async () => {
    const request = await create('4.00');
    await expect(
      getPaymentRequest(database.db, besa.customerId, request.id, context),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      inTransaction(database, (trx) =>
        cancelPaymentRequest(trx, besa.customerId, request.id, context),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const code = await database.db
      .selectFrom('qr_codes')
      .select('id')
      .where('kind', '=', 'account')
      .executeTakeFirstOrThrow();
    await expect(
      getPaymentRequest(database.db, arta.customerId, code.id, context),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a request on a deleted QR account', async () => {
    const other = await customerWithMoney(database.db, { name: 'Dritë Hoxha', canLogIn: false });
    const opened = await inTransaction(database, (trx) =>
      openQrAccount(
        trx,
        { customerId: other.customerId, bankAccountId: accountIn(other), payeeName: other.name },
        context,
      ),
    );
    await inTransaction(database, (trx) =>
      deleteQrAccount(trx, other.customerId, opened.id, context),
    );
    await expect(
      inTransaction(database, (trx) =>
        createPaymentRequest(
          trx,
          { customerId: other.customerId, qrAccountId: opened.id, amount: '1.00' },
          context,
        ),
      ),
    ).rejects.toMatchObject({ code: 'QR_ACCOUNT_NOT_VALID' });
  });
});
