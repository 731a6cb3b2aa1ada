import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.ts';
import type { Executor } from '../../src/db/transaction.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { type QrAccountView, deleteQrAccount, openQrAccount } from '../../src/qr/accounts.ts';
import { encodeSmartPayPayload } from '../../src/qr/payload.ts';
import {
  cancelPaymentRequest,
  createPaymentRequest,
  getPaymentRequest,
} from '../../src/qr/requests.ts';
import { closePaidRequest, lockCodeForPayment, resolvePayload } from '../../src/qr/resolve.ts';
import { payloadSettingsFromConfig } from '../../src/qr/store.ts';
import { type TestDatabase, createTestDatabase, engineName } from '../helpers/database.ts';
import { accountIn, customerWithMoney, type TestCustomer, testConfig } from '../helpers/bank.ts';
import { payloadSettings, testContext } from './fixtures.ts';
import { edit, setSub } from './payloads.ts';

describe(`resolving scanned payloads on ${engineName}`, () => {
  let database: TestDatabase;
  let arta: TestCustomer;
  let qr: QrAccountView;
  const context = testContext();

  const resolve = (text: string) => resolvePayload(database.db, text, context);
  const request = (amount = '12.50', note?: string) =>
    inTransaction(database, (trx) =>
      createPaymentRequest(
        trx,
        { customerId: arta.customerId, qrAccountId: qr.id, amount, note },
        context,
      ),
    );
  const pay = (codeId: string) =>
    inTransaction(database, async (trx) => {
      await lockCodeForPayment(trx, codeId, context.clock);
      await closePaidRequest(trx, { codeId, paymentId: newId() }, context.clock);
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    arta = await customerWithMoney(database.db, { name: 'Arta Krasniqi', canLogIn: false });
    qr = await inTransaction(database, (trx) =>
      openQrAccount(
        trx,
        { customerId: arta.customerId, bankAccountId: accountIn(arta), payeeName: arta.name },
        context,
      ),
    );
  });
  afterAll(async () => {
    await database.close();
  });

  it('resolves an account code to the payee, with no amount', async () => {
    expect(await resolve(qr.accountCode.payload)).toEqual({
      code: {
        id: qr.accountCode.id,
        kind: 'account',
        reference: qr.accountCode.reference,
        amountMinor: null,
        currency: 'EUR',
        note: null,
        expiresAt: null,
        split: null,
      },
      qrAccount: { id: qr.id, status: 'open' },
      payee: {
        customerId: arta.customerId,
        bankAccountId: accountIn(arta),
        name: 'Arta K.',
        currency: 'EUR',
      },
    });
  });

  it('resolves a request with its amount and note', async () => {
    const created = await request('7.25', 'Kafe');
    const resolved = await resolve(created.payload);
    expect(resolved.code).toMatchObject({
      id: created.id,
      kind: 'request',
      amountMinor: 725n,
      note: 'Kafe',
    });
  });

  it('refuses a forged payload before touching the database', async () => {
    const forged = edit(qr.accountCode.payload, (f) => f.set('53', '840'));
    const noDatabase = null as unknown as Executor;
    await expect(resolvePayload(noDatabase, forged, context)).rejects.toMatchObject({
      code: 'QR_INVALID',
      details: { reason: 'mac' },
    });
  });

  it.each<[string, (f: Map<string, string>) => void]>([
    ['the ASCII name (59)', (f) => f.set('59', 'MALLORY M.')],
    ['the local name (64/01)', (f) => setSub(f, '64', '01', 'Mallory M.')],
    ['the note (62/08)', (f) => setSub(f, '62', '08', 'PAY MORE')],
    ['the country (58)', (f) => f.set('58', 'AL')],
    ['the city (60)', (f) => f.set('60', 'Tirana')],
    ['the language (64/00)', (f) => setSub(f, '64', '00', 'en')],
  ])('refuses a payload whose %s differs from the stored code', async (_name, change) => {
    const created = await request('2.00', 'Kafe');
    await expect(resolve(edit(created.payload, change))).rejects.toMatchObject({
      code: 'QR_INVALID',
      details: { reason: 'mismatch' },
    });
  });

  it('refuses a correctly signed payload whose amount or kind differs from the stored code', async () => {
    const created = await request('2.00');
    const base = {
      reference: created.reference,
      currency: 'EUR',
      payeeName: 'Arta K.',
      city: testConfig.bankCity,
      country: testConfig.country,
    };
    const otherAmount = encodeSmartPayPayload(
      { ...base, kind: 'request', amountMinor: 20_000n },
      payloadSettings,
    );
    const asAccountCode = encodeSmartPayPayload({ ...base, kind: 'account' }, payloadSettings);
    const unknown = encodeSmartPayPayload(
      { ...base, kind: 'request', amountMinor: 200n, reference: 'A'.repeat(32) },
      payloadSettings,
    );
    for (const [text, reason] of [
      [otherAmount, 'mismatch'],
      [asAccountCode, 'mismatch'],
      [unknown, 'unknown_code'],
    ]) {
      await expect(resolve(text ?? '')).rejects.toMatchObject({
        code: 'QR_INVALID',
        details: { reason },
      });
    }
  });

  it('refuses cancelled (QR_CANCELLED), expired (QR_EXPIRED) and paid (QR_USED) requests', async () => {
    const cancelled = await request();
    await inTransaction(database, (trx) =>
      cancelPaymentRequest(trx, arta.customerId, cancelled.id, context),
    );
    await expect(resolve(cancelled.payload)).rejects.toMatchObject({ code: 'QR_CANCELLED' });

    const paid = await request();
    await pay(paid.id);
    await expect(resolve(paid.payload)).rejects.toMatchObject({ code: 'QR_USED' });
    await expect(pay(paid.id)).rejects.toMatchObject({ code: 'QR_USED' });
    const stored = await getPaymentRequest(database.db, arta.customerId, paid.id, context);
    expect(stored).toMatchObject({
      status: 'closed',
      closedAt: context.clock.now().toISOString(),
    });
    expect(stored.paidByPaymentId).toMatch(/^[0-9a-f-]{36}$/);

    const expiring = await request();
    const later = testContext();
    later.clock.set(new Date(expiring.expiresAt));
    await expect(resolvePayload(database.db, expiring.payload, later)).rejects.toMatchObject({
      code: 'QR_EXPIRED',
    });
    await expect(
      inTransaction(database, (trx) =>
        closePaidRequest(trx, { codeId: expiring.id, paymentId: newId() }, later.clock),
      ),
    ).rejects.toMatchObject({ code: 'QR_EXPIRED' });
  });

  it('two payments racing for one request: exactly one closes it', async () => {
    const created = await request('1.00');
    const results = await Promise.allSettled([pay(created.id), pay(created.id), pay(created.id)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected'))
      expect(result.reason).toMatchObject({ code: 'QR_USED' });
  });

  it('still accepts codes issued under the previous key after a rotation, not after it is dropped', async () => {
    const rotated = payloadSettingsFromConfig({
      ...testConfig,
      qrMacKey: 'k-next',
      qrMacKeyPrevious: testConfig.qrMacKey,
    });
    const dropped = payloadSettingsFromConfig({
      ...testConfig,
      qrMacKey: 'k-next',
      qrMacKeyPrevious: undefined,
    });
    expect(
      (await resolvePayload(database.db, qr.accountCode.payload, { ...context, payload: rotated }))
        .code.id,
    ).toBe(qr.accountCode.id);
    await expect(
      resolvePayload(database.db, qr.accountCode.payload, { ...context, payload: dropped }),
    ).rejects.toMatchObject({ code: 'QR_INVALID', details: { reason: 'mac' } });
  });

  it('refuses every code of a deleted QR account with QR_ACCOUNT_NOT_VALID', async () => {
    const open = await request('5.00');
    await inTransaction(database, (trx) => deleteQrAccount(trx, arta.customerId, qr.id, context));
    for (const payload of [qr.accountCode.payload, open.payload]) {
      await expect(resolve(payload)).rejects.toMatchObject({ code: 'QR_ACCOUNT_NOT_VALID' });
    }
    await expect(
      inTransaction(database, (trx) => lockCodeForPayment(trx, qr.accountCode.id, context.clock)),
    ).rejects.toMatchObject({ code: 'QR_ACCOUNT_NOT_VALID' });
  });
});
