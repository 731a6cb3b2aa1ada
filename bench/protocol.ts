/**
 * What the bench's coordinator (run.ts) and its load generator process (load.ts) say to each
 * other over the IPC channel: the plan of one run, progress once a second, and the result with
 * every payment attempt the correctness checks need.
 */

export const scenarioNames = ['uniform', 'hot-payee', 'requests', 'embedded'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

/** What the load generator does per payment. `embedded` is `uniform` on another server. */
export type Flow = 'account-code' | 'request';

/** A logged-in customer with a funded bank account and a QR account. */
export interface Actor {
  readonly index: number;
  readonly customerId: string;
  readonly token: string;
  readonly bankAccountId: string;
  readonly qrAccountId: string;
  /** The payload of the QR account's account code (what a payer scans). */
  readonly accountCode: string;
}

export type LoadMode =
  | { readonly kind: 'closed'; readonly clients: number }
  | { readonly kind: 'open'; readonly ratePerSecond: number; readonly inFlightMax: number };

export interface LoadPlan {
  readonly baseUrl: string;
  readonly flow: Flow;
  readonly mode: LoadMode;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly payers: readonly Actor[];
  readonly payees: readonly Actor[];
  /** Share of payments to payees[0] (the popular shop); the rest go to a random payee. */
  readonly hotShare: number;
  /** Decimal amount of every payment, in the payee's currency. */
  readonly amount: string;
  /** HTTP connections the load generator keeps open (keep-alive). */
  readonly connections: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** One second of the measured window. */
export interface SecondStats {
  readonly second: number;
  readonly payments: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** A confirm the server answered 201: the client's view of what moved. */
export interface PaidAttempt {
  readonly quoteId: string;
  readonly paymentId: string;
  readonly payer: number;
  readonly payee: number;
  /** Decimal strings from the 201 body: what the payee got and what the payer paid in total. */
  readonly amount: string;
  readonly debit: string;
}

/** A confirm with a definite refusal (a problem with a code): nothing may have moved. */
export interface RefusedAttempt {
  readonly quoteId: string;
  readonly code: string;
}

/** A confirm whose outcome the client never learned (network errors after every retry). */
export interface UnknownAttempt {
  readonly quoteId: string;
  readonly payer: number;
  readonly payee: number;
}

export interface LoadResult {
  /** Payments completed inside the measured window, per second of that window. */
  readonly paymentsPerSecond: number;
  readonly measuredMs: number;
  readonly latency: LatencySummary;
  /** Errors inside the measured window by problem code (or NETWORK, HTTP_<status>, OVERLOAD). */
  readonly errors: Readonly<Record<string, number>>;
  /** Errors during warm-up, kept apart so they do not hide in the measured figures. */
  readonly warmupErrors: Readonly<Record<string, number>>;
  readonly seconds: readonly SecondStats[];
  readonly paid: readonly PaidAttempt[];
  readonly refused: readonly RefusedAttempt[];
  readonly unknown: readonly UnknownAttempt[];
}

export type FromLoadGenerator =
  | {
      readonly type: 'progress';
      readonly elapsedMs: number;
      readonly measuring: boolean;
      readonly payments: number;
      readonly errors: number;
      readonly lastSecond: SecondStats | undefined;
    }
  | { readonly type: 'done'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly message: string };

export type ToLoadGenerator = { readonly type: 'run'; readonly plan: LoadPlan };
