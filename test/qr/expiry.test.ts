import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { openQrAccount } from '../../src/qr/accounts.ts';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  getPaymentRequest,
  listPaymentRequests,
  sweepExpiredRequests,
} from '../../src/qr/requests.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';
import { accountIn, customerWithMoney, type TestCustomer } from '../helpers/bank.ts';
import { testContext } from './fixtures.ts';

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

describe(`request expiry on ${engineName}`, () => {
  let database: TestDatabase;
  let arta: TestCustomer;
  let qrAccountId: string;
  const context = testContext();

  const create = (amount: string) =>
    inTransaction(database, (trx) =>
      createPaymentRequest(trx, { customerId: arta.customerId, qrAccountId, amount }, context),
    );
  const ids = async (status?: 'open' | 'expired') =>
    (await listPaymentRequests(database.db, arta.customerId, { status }, context)).items.map(
      (item) => item.id,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    arta = await customerWithMoney(database.db, { name: 'Arta Krasniqi', canLogIn: false });
    const opened = await inTransaction(database, (trx) =>
      openQrAccount(
        trx,
        { customerId: arta.customerId, bankAccountId: accountIn(arta), payeeName: arta.name },
        context,
      ),
    );
    qrAccountId = opened.id;
  });
  afterAll(async () => {
    await database.close();
  });

  it('reads as expired from its expiry instant on, before the sweep has written it', async () => {
    const older = await create('1.00');
    context.clock.advance(30 * minuteMs);
    const newer = await create('2.00');
    expect(await ids()).toEqual([newer.id, older.id]);

    context.clock.set(new Date(Date.parse(older.expiresAt) - 1));
    expect((await getPaymentRequest(database.db, arta.customerId, older.id, context)).status).toBe(
      'open',
    );
    context.clock.set(new Date(older.expiresAt));
    expect((await getPaymentRequest(database.db, arta.customerId, older.id, context)).status).toBe(
      'expired',
    );
    expect(await ids('expired')).toEqual([older.id]);
    expect(await ids('open')).toEqual([newer.id]);
    await expect(
      inTransaction(database, (trx) =>
        cancelPaymentRequest(trx, arta.customerId, older.id, context),
      ),
    ).rejects.toMatchObject({ code: 'QR_EXPIRED' });
  });

  it('the sweep stores the expiry of every past-due request, once', async () => {
    context.clock.advance(dayMs);
    expect(await sweepExpiredRequests(database.db, context.clock)).toBe(2);
    expect(await sweepExpiredRequests(database.db, context.clock)).toBe(0);
    const stored = await database.db
      .selectFrom('qr_codes')
      .select('status')
      .where('kind', '=', 'request')
      .execute();
    expect(stored.map((row) => row.status)).toEqual(['expired', 'expired']);
    expect(await ids('expired')).toHaveLength(2);
  });

  it('a request made later gets the validity of the bank settings at that time', async () => {
    const shortLived = {
      ...context,
      settings: { ...context.settings, 'requests.validityMinutes': 5n },
    };
    const request = await inTransaction(database, (trx) =>
      createPaymentRequest(
        trx,
        { customerId: arta.customerId, qrAccountId, amount: '3.00' },
        shortLived,
      ),
    );
    expect(Date.parse(request.expiresAt) - Date.parse(request.createdAt)).toBe(5 * minuteMs);
  });
});
