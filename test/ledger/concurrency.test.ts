import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../src/core/errors.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import {
  type LedgerAccount,
  getAccount,
  postTransfer,
  rollUpPending,
  verifyLedger,
} from '../../src/ledger/index.ts';
import {
  createTestDatabase,
  engineName,
  onPostgres,
  type TestDatabase,
} from '../helpers/database.ts';
import { fundedAccount } from '../helpers/bank.ts';

const workers = onPostgres ? 12 : 4;
const transfersPerWorker = onPostgres ? 60 : 25;

describe(`concurrent transfers on ${engineName}`, () => {
  let database: TestDatabase;
  let accounts: LedgerAccount[];
  beforeAll(async () => {
    database = await createTestDatabase();
    accounts = [];
    for (const [balance, overdraft] of [
      [10_000n, 0n],
      [0n, 5_000n],
      [2_500n, 0n],
      [50_000n, 1_000n],
      [100n, 0n],
    ] as const) {
      accounts.push(await fundedAccount(database.db, { balance, overdraft }));
    }
  });
  afterAll(async () => {
    await database.close();
  });

  it('random transfers from parallel workers conserve money and never break an overdraft', async () => {
    const totalBefore = await customerTotal();
    let committed = 0;
    let refused = 0;
    const worker = async (seed: number) => {
      let state = seed;
      const next = (n: number) => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state % n;
      };
      for (let i = 0; i < transfersPerWorker; i++) {
        const from = accounts[next(accounts.length)]!;
        const to =
          accounts[(accounts.indexOf(from) + 1 + next(accounts.length - 1)) % accounts.length]!;
        const amount = BigInt(1 + next(4_000));
        try {
          await inTransaction(database, (trx) =>
            postTransfer(trx, {
              kind: 'payment',
              description: 'test',
              createdBy: 'test',
              postings: [
                { accountId: from.id, amount: -amount },
                { accountId: to.id, amount },
              ],
            }),
          );
          committed++;
        } catch (error) {
          if (!isDomainError(error, 'INSUFFICIENT_FUNDS')) throw error;
          refused++;
        }
      }
    };
    const rollUps = async () => {
      for (let i = 0; i < 10; i++) await rollUpPending(database);
    };
    const started = performance.now();
    await Promise.all([...Array.from({ length: workers }, (_, i) => worker(i + 1)), rollUps()]);
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `${engineName}: ${committed} transfers committed, ${refused} refused, ${Math.round(committed / seconds)} per second with ${workers} workers`,
    );

    expect(committed).toBeGreaterThan(0);
    expect(await customerTotal()).toBe(totalBefore);
    for (const account of accounts) {
      const now = await getAccount(database.db, account.id);
      expect(now.balance).toBeGreaterThanOrEqual(-now.overdraftLimit);
    }
    const report = await verifyLedger(database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  });

  it('opposite transfers between the same two accounts at once do not deadlock and leave balances unchanged', async () => {
    const [a, b] = [accounts[0]!, accounts[3]!];
    const before = [
      (await getAccount(database.db, a.id)).balance,
      (await getAccount(database.db, b.id)).balance,
    ];
    const move = (from: LedgerAccount, to: LedgerAccount) =>
      inTransaction(database, (trx) =>
        postTransfer(trx, {
          kind: 'payment',
          description: 'ping-pong',
          createdBy: 'test',
          postings: [
            { accountId: from.id, amount: -1n },
            { accountId: to.id, amount: 1n },
          ],
        }),
      );
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? move(a, b) : move(b, a))),
    );
    const after = [
      (await getAccount(database.db, a.id)).balance,
      (await getAccount(database.db, b.id)).balance,
    ];
    expect(after).toEqual(before);
  });

  async function customerTotal(): Promise<bigint> {
    let total = 0n;
    for (const account of accounts) total += (await getAccount(database.db, account.id)).balance;
    return total;
  }
});
