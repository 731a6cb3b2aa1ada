import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidIban } from '../../src/core/iban.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import {
  getAccount,
  internalAccountId,
  listInternalAccounts,
  postTransfer,
  rollUpPending,
  setOverdraft,
  verifyLedger,
  withdraw,
  deposit,
} from '../../src/ledger/index.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../helpers/database.ts';
import { fundedAccount } from '../helpers/bank.ts';

describe(`ledger on ${engineName}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('opens customer accounts with valid, distinct IBANs of the bank country', async () => {
    const a = await fundedAccount(database.db);
    const b = await fundedAccount(database.db);
    expect(isValidIban(a.iban)).toBe(true);
    expect(a.iban).toMatch(/^XK\d{18}$/);
    expect(a.iban).not.toBe(b.iban);
  });

  it('a deposit credits the customer and debits the cash account by the same amount', async () => {
    const account = await fundedAccount(database.db, { balance: 10_000n });
    expect(account.balance).toBe(10_000n);
    const cash = await getAccount(database.db, await internalAccountId(database.db, 'cash', 'EUR'));
    expect(cash.balance).toBeLessThanOrEqual(-10_000n);
    expect((await verifyLedger(database.db)).ok).toBe(true);
  });

  it('a withdrawal beyond balance and overdraft is refused and changes nothing', async () => {
    const account = await fundedAccount(database.db, { balance: 5_000n, overdraft: 1_000n });
    await expect(
      inTransaction(database, (trx) =>
        withdraw(trx, { accountId: account.id, amount: 6_001n, actor: 'test' }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect((await getAccount(database.db, account.id)).balance).toBe(5_000n);
  });

  it('the approved overdraft can be used to its limit and not a cent beyond', async () => {
    const account = await fundedAccount(database.db, { balance: 5_000n, overdraft: 1_000n });
    await inTransaction(database, (trx) =>
      withdraw(trx, { accountId: account.id, amount: 6_000n, actor: 'test' }),
    );
    const after = await getAccount(database.db, account.id);
    expect(after.balance).toBe(-1_000n);
    expect(after.available).toBe(0n);
    await expect(
      inTransaction(database, (trx) =>
        withdraw(trx, { accountId: account.id, amount: 1n, actor: 'test' }),
      ),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('credits still pending count towards what the customer can spend', async () => {
    const account = await fundedAccount(database.db);
    await inTransaction(database, (trx) =>
      deposit(trx, { accountId: account.id, amount: 700n, actor: 'test' }),
    );
    await inTransaction(database, (trx) =>
      deposit(trx, { accountId: account.id, amount: 300n, actor: 'test' }),
    );
    await inTransaction(database, (trx) =>
      withdraw(trx, { accountId: account.id, amount: 1_000n, actor: 'test' }),
    );
    expect((await getAccount(database.db, account.id)).balance).toBe(0n);
  });

  it('lowering an overdraft below what is already used is refused', async () => {
    const account = await fundedAccount(database.db, { balance: 0n, overdraft: 2_000n });
    await inTransaction(database, (trx) =>
      withdraw(trx, { accountId: account.id, amount: 1_500n, actor: 'test' }),
    );
    await expect(
      inTransaction(database, (trx) => setOverdraft(trx, account.id, 1_000n)),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
    });
    expect(
      (await inTransaction(database, (trx) => setOverdraft(trx, account.id, 1_500n)))
        .overdraftLimit,
    ).toBe(1_500n);
  });

  it('an unbalanced transfer is a bug and is refused before it reaches the database', async () => {
    const a = await fundedAccount(database.db, { balance: 1_000n });
    const b = await fundedAccount(database.db);
    await expect(
      inTransaction(database, (trx) =>
        postTransfer(trx, {
          kind: 'payment',
          description: 'broken',
          createdBy: 'test',
          postings: [
            { accountId: a.id, amount: -100n },
            { accountId: b.id, amount: 99n },
          ],
        }),
      ),
    ).rejects.toThrow(/does not balance/);
  });

  it('the database itself refuses an unbalanced transfer at commit', async () => {
    const a = await fundedAccount(database.db, { balance: 1_000n });
    await expect(
      inTransaction(database, async (trx) => {
        await trx
          .insertInto('ledger_transfers')
          .values({
            id: '00000000-0000-7000-8000-000000000001',
            kind: 'payment',
            description: 'raw',
            created_by: 'test',
          })
          .execute();
        await trx
          .insertInto('ledger_postings')
          .values({
            transfer_id: '00000000-0000-7000-8000-000000000001',
            account_id: a.id,
            currency: 'EUR',
            amount: 5n,
          })
          .execute();
      }),
    ).rejects.toThrow(/does not balance/);
  });

  it('postings can never be changed or deleted', async () => {
    await fundedAccount(database.db, { balance: 1_000n });
    await expect(
      database.db.updateTable('ledger_postings').set({ amount: 1n }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(database.db.deleteFrom('ledger_postings').execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it('a posting in a currency other than its account is refused by the database', async () => {
    const a = await fundedAccount(database.db, { balance: 1_000n });
    await expect(
      inTransaction(database, async (trx) => {
        await trx
          .insertInto('ledger_transfers')
          .values({
            id: '00000000-0000-7000-8000-000000000002',
            kind: 'payment',
            description: 'raw',
            created_by: 'test',
          })
          .execute();
        await trx
          .insertInto('ledger_postings')
          .values({
            transfer_id: '00000000-0000-7000-8000-000000000002',
            account_id: a.id,
            currency: 'USD',
            amount: 5n,
          })
          .execute();
      }),
    ).rejects.toThrow();
  });

  it('rolling up pending postings moves them into balances without changing any total', async () => {
    const before = await verifyLedger(database.db);
    const pendingBefore = await database.db
      .selectFrom('ledger_pending')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(pendingBefore.n)).toBeGreaterThan(0);
    const report = await rollUpPending(database);
    expect(report.postings).toBe(Number(pendingBefore.n));
    const after = await verifyLedger(database.db);
    expect(after.ok).toBe(true);
    expect(after.totals).toEqual(before.totals);
    const cash = (await listInternalAccounts(database.db)).find(
      (a) => a.kind === 'cash' && a.currency === 'EUR',
    );
    expect(cash?.balance).toBeLessThan(0n);
  });

  it('verify finds a tampered balance', async () => {
    const account = await fundedAccount(database.db, { balance: 1_000n });
    await database.db
      .updateTable('ledger_accounts')
      .set({ balance: 999_999n })
      .where('id', '=', account.id)
      .execute();
    const report = await verifyLedger(database.db);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name.startsWith('every balance'))?.violations).toBe(1);
    await database.db
      .updateTable('ledger_accounts')
      .set({ balance: 0n })
      .where('id', '=', account.id)
      .execute();
    expect((await verifyLedger(database.db)).ok).toBe(true);
  });
});

describe(`overdraft changes with credits still queued on ${engineName}`, () => {
  it('lowering the overdraft counts a pending deposit, and never breaks the database check', async () => {
    const database = await createTestDatabase();
    try {
      const account = await fundedAccount(database.db, { balance: 0n, overdraft: 2_000n });
      await inTransaction(database, (trx) =>
        withdraw(trx, { accountId: account.id, amount: 2_000n, actor: 'test' }),
      );
      await inTransaction(database, (trx) =>
        deposit(trx, { accountId: account.id, amount: 2_000n, actor: 'test' }),
      );
      const after = await inTransaction(database, (trx) => setOverdraft(trx, account.id, 0n));
      expect(after).toMatchObject({ balance: 0n, overdraftLimit: 0n });
      expect((await verifyLedger(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  });
});
