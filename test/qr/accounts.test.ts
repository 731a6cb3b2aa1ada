import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/audit.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { internalAccountId } from '../../src/ledger/index.ts';
import {
  accountCodePayload,
  deleteQrAccount,
  getQrAccount,
  listQrAccounts,
  openQrAccount,
} from '../../src/qr/accounts.ts';
import { parseSmartPayPayload } from '../../src/qr/payload.ts';
import { createPaymentRequest, getPaymentRequest } from '../../src/qr/requests.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';
import { accountIn, customerWithMoney, type TestCustomer } from '../helpers/bank.ts';
import { payloadSettings, testContext } from './fixtures.ts';

describe(`QR accounts on ${engineName}`, () => {
  let database: TestDatabase;
  let arta: TestCustomer;
  let besa: TestCustomer;
  const context = testContext();

  const open = (customer: TestCustomer, currency = 'EUR') =>
    inTransaction(database, (trx) =>
      openQrAccount(
        trx,
        {
          customerId: customer.customerId,
          bankAccountId: accountIn(customer, currency),
          payeeName: customer.name,
        },
        context,
      ),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    arta = await customerWithMoney(database.db, {
      name: 'Arta Krasniqi',
      accounts: [
        { currency: 'EUR', balance: 50_000n },
        { currency: 'USD', balance: 50_000n },
        { currency: 'CHF', balance: 50_000n },
      ],
      canLogIn: false,
    });
    besa = await customerWithMoney(database.db, {
      name: 'Besa Çela',
      accounts: [{ currency: 'EUR', balance: 50_000n }],
      canLogIn: false,
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('opening a QR account creates its account code at once, with the masked name', async () => {
    const opened = await open(arta);
    expect(opened).toMatchObject({
      bankAccountId: accountIn(arta),
      currency: 'EUR',
      balance: '500.00',
      balanceMinor: 50_000n,
      payeeName: 'Arta K.',
      status: 'open',
    });
    expect(opened.iban).toMatch(/^XK\d{18}$/);
    expect(parseSmartPayPayload(opened.accountCode.payload, payloadSettings)).toMatchObject({
      kind: 'account',
      reference: opened.accountCode.reference,
      currency: 'EUR',
      amountMinor: null,
      payeeName: 'Arta K.',
      payeeNameAscii: 'ARTA K.',
    });
    const audit = await listAudit(database.db, { subject: opened.id });
    expect(audit.map((entry) => [entry.action, entry.actor])).toEqual([
      ['qr.account.open', `customer:${arta.customerId}`],
    ]);
  });

  it('allows one open QR account per bank account, and others for other bank accounts', async () => {
    await expect(open(arta)).rejects.toMatchObject({ code: 'QR_ACCOUNT_EXISTS' });
    const dollars = await open(arta, 'USD');
    expect(dollars.currency).toBe('USD');
    const listed = await listQrAccounts(database.db, arta.customerId, payloadSettings);
    expect(listed.map((qr) => qr.currency)).toEqual(['EUR', 'USD']);
    expect(listed.every((qr) => qr.balance === '500.00')).toBe(true);
  });

  it('two opens racing for the same bank account: exactly one succeeds', async () => {
    const results = await Promise.allSettled([open(arta, 'CHF'), open(arta, 'CHF')]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'QR_ACCOUNT_EXISTS' });
  });

  it("refuses another customer's bank account, an internal account and unknown ids as NOT_FOUND", async () => {
    const cash = await internalAccountId(database.db, 'cash', 'EUR');
    for (const bankAccountId of [
      accountIn(besa),
      cash,
      '00000000-0000-7000-8000-000000000000',
      'x',
    ]) {
      await expect(
        inTransaction(database, (trx) =>
          openQrAccount(
            trx,
            { customerId: arta.customerId, bankAccountId, payeeName: 'Arta' },
            context,
          ),
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it("never shows or deletes another customer's QR account: NOT_FOUND, not FORBIDDEN", async () => {
    const [artas] = await listQrAccounts(database.db, arta.customerId, payloadSettings);
    const id = artas?.id ?? '';
    await expect(
      getQrAccount(database.db, besa.customerId, id, payloadSettings),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      accountCodePayload(database.db, besa.customerId, id, payloadSettings),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      inTransaction(database, (trx) => deleteQrAccount(trx, besa.customerId, id, context)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getQrAccount(database.db, arta.customerId, id, payloadSettings)).status).toBe(
      'open',
    );
    expect(await listQrAccounts(database.db, besa.customerId, payloadSettings)).toEqual([]);
  });

  it('serves the same account code payload again, computed from the stored fields', async () => {
    const [first] = await listQrAccounts(database.db, arta.customerId, payloadSettings);
    const again = await accountCodePayload(
      database.db,
      arta.customerId,
      first?.id ?? '',
      payloadSettings,
    );
    expect(again).toBe(first?.accountCode.payload);
    expect(
      (await getQrAccount(database.db, arta.customerId, first?.id ?? '', payloadSettings))
        .accountCode,
    ).toEqual(first?.accountCode);
  });

  it('deleting cancels its open requests, hides it, and lets a new one be opened', async () => {
    const qr = await open(besa);
    const request = await inTransaction(database, (trx) =>
      createPaymentRequest(
        trx,
        { customerId: besa.customerId, qrAccountId: qr.id, amount: '5.00' },
        context,
      ),
    );
    const deleted = await inTransaction(database, (trx) =>
      deleteQrAccount(trx, besa.customerId, qr.id, context),
    );
    expect(deleted).toMatchObject({ id: qr.id, cancelledRequests: 1 });
    expect(await listQrAccounts(database.db, besa.customerId, payloadSettings)).toEqual([]);
    await expect(
      getQrAccount(database.db, besa.customerId, qr.id, payloadSettings),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const after = await getPaymentRequest(database.db, besa.customerId, request.id, context);
    expect(after).toMatchObject({
      status: 'cancelled',
      cancelledAt: context.clock.now().toISOString(),
    });
    await expect(
      inTransaction(database, (trx) => deleteQrAccount(trx, besa.customerId, qr.id, context)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await listAudit(database.db, { subject: qr.id });
    expect(audit.map((entry) => entry.action)).toEqual(['qr.account.delete', 'qr.account.open']);

    const reopened = await open(besa);
    expect(reopened.id).not.toBe(qr.id);
    expect(reopened.accountCode.reference).not.toBe(qr.accountCode.reference);
    expect(reopened.bankAccountId).toBe(qr.bankAccountId);
  });

  it('the database itself refuses a second open QR account and an account code with an amount', async () => {
    const [qr] = await listQrAccounts(database.db, arta.customerId, payloadSettings);
    const row = await database.db
      .selectFrom('qr_accounts')
      .selectAll()
      .where('id', '=', qr?.id ?? '')
      .executeTakeFirstOrThrow();
    await expect(
      database.db
        .insertInto('qr_accounts')
        .values({ ...row, id: '00000000-0000-7000-8000-0000000000aa' })
        .execute(),
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      database.db
        .updateTable('qr_codes')
        .set({ amount_minor: 100n })
        .where('id', '=', qr?.accountCode.id ?? '')
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });
});
