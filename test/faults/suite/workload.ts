/**
 * The suite's traffic: every customer pays random others, all the time, through the real HTTP
 * API; timeouts, connection errors and 5xx answers are retried with the same Idempotency-Key.
 * Every 201 is recorded, and so is every payment that never got one.
 */
import type { SuiteCustomer } from '../support/bank.ts';
import { ApiClient, pay, type Acknowledged, type Unacknowledged } from '../support/client.ts';

export interface WorkloadRecords {
  readonly acknowledged: Acknowledged[];
  readonly unacknowledged: Unacknowledged[];
  /** Attempts that never got a quote: nothing can have been paid. */
  noQuote: number;
}

export interface Workload {
  readonly records: WorkloadRecords;
  /** The first 201 for a confirm sent at or after `since`, waiting up to msMax. */
  firstAcknowledgedAfter(since: number, msMax: number): Promise<number | undefined>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startWorkload(
  baseUrls: () => readonly string[],
  customers: readonly SuiteCustomer[],
  payers: number,
): Workload {
  const records: WorkloadRecords = { acknowledged: [], unacknowledged: [], noQuote: 0 };
  let stopped = false;
  const loops = customers.slice(0, payers).map(async (payer) => {
    while (!stopped) {
      const others = customers.filter((c) => c.index !== payer.index);
      const payee = others[Math.floor(Math.random() * others.length)] as SuiteCustomer;
      const cents = 50 + Math.floor(Math.random() * 250);
      const outcome = await pay(new ApiClient(baseUrls()), {
        payer: payer.index,
        payee: payee.index,
        token: payer.token,
        fromQrAccountId: payer.qrAccountId,
        payeeAccountCode: payee.accountCode,
        amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        // A quote is valid 60 s; past that a retry could only be refused.
        retryMsMax: 55_000,
        stopped: () => stopped,
      });
      if (outcome.kind === 'acknowledged') records.acknowledged.push(outcome.record);
      else if (outcome.kind === 'refused') records.unacknowledged.push(outcome.record);
      else records.noQuote += 1;
      await sleep(30 + Math.random() * 100);
    }
  });
  return {
    records,
    async firstAcknowledgedAfter(since, msMax) {
      const deadline = Date.now() + msMax;
      for (;;) {
        const first = records.acknowledged
          .filter((record) => record.sentAt >= since)
          .reduce<number | undefined>(
            (min, record) =>
              min === undefined || record.acknowledgedAt < min ? record.acknowledgedAt : min,
            undefined,
          );
        if (first !== undefined) return first;
        if (Date.now() > deadline) return undefined;
        await sleep(100);
      }
    },
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}
