/**
 * The fault suite's clients: plain HTTP against the real API, as a phone would call it. A payer
 * quotes and confirms; a confirm that times out, loses its connection or gets a 5xx is retried
 * with the same Idempotency-Key (and quote) until it gets a final answer, and every 201 is kept.
 */
import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly baseUrl: string;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly timeoutMs?: number;
}

/** Longer than the server's own request timeout: the server's 503 should come first. */
export const clientTimeoutMs = 15_000;

/**
 * Several base URLs act like a load balancer that a client walks along on errors: an instance
 * that is down (kill -9, restart) is skipped on the next try.
 */
export class ApiClient {
  private next = 0;
  constructor(private readonly baseUrls: readonly string[]) {}

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const baseUrl = this.baseUrls[this.next % this.baseUrls.length] ?? '';
    this.next += 1;
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      signal: AbortSignal.timeout(options.timeoutMs ?? clientTimeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (HAProxy's own 503 page): keep the text
    }
    return { status: response.status, body: body as T, baseUrl };
  }
}

export interface Acknowledged {
  readonly key: string;
  readonly paymentId: string;
  readonly payer: number;
  readonly payee: number;
  readonly amountMinor: bigint;
  readonly debitMinor: bigint;
  /** When the confirm that got the 201 was sent. */
  readonly sentAt: number;
  readonly acknowledgedAt: number;
  readonly attempts: number;
}

export interface Unacknowledged {
  readonly key: string;
  readonly payer: number;
  readonly payee: number;
  readonly reason: string;
}

export type ConfirmOutcome =
  | { readonly kind: 'acknowledged'; readonly record: Acknowledged }
  | { readonly kind: 'refused'; readonly record: Unacknowledged }
  | { readonly kind: 'no-quote'; readonly reason: string };

export interface PaymentAttempt {
  readonly payer: number;
  readonly payee: number;
  readonly token: string;
  readonly fromQrAccountId: string;
  readonly payeeAccountCode: string;
  readonly amount: string;
  /** Give up retrying after this long (the quote expires after 60 s anyway). */
  readonly retryMsMax: number;
  readonly stopped: () => boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function minorOf(amount: unknown): bigint {
  const text = typeof amount === 'string' ? amount : '0';
  const [units = '0', cents = ''] = text.split('.');
  return BigInt(units) * 100n + BigInt((cents + '00').slice(0, 2));
}

/** One payment as a careful client makes it. Errors of the quote step are retried too. */
export async function pay(api: ApiClient, attempt: PaymentAttempt): Promise<ConfirmOutcome> {
  const deadline = Date.now() + attempt.retryMsMax;
  let quoteId: string | undefined;
  while (quoteId === undefined) {
    if (Date.now() > deadline || attempt.stopped()) return { kind: 'no-quote', reason: 'gave up' };
    try {
      const quote = await api.request<{ quoteId: string }>('POST', '/api/payments/quotes', {
        token: attempt.token,
        body: {
          payload: attempt.payeeAccountCode,
          fromQrAccountId: attempt.fromQrAccountId,
          amount: attempt.amount,
        },
      });
      if (quote.status === 201) quoteId = quote.body.quoteId;
      else if (quote.status < 500 && quote.status !== 429)
        return { kind: 'no-quote', reason: `quote ${quote.status} ${codeOf(quote.body)}` };
    } catch {
      // connection refused or reset, timeout: try again
    }
    if (quoteId === undefined) await sleep(200 + Math.random() * 300);
  }
  const key = randomUUID();
  for (let tries = 1; ; tries += 1) {
    const sentAt = Date.now();
    try {
      const confirm = await api.request<{ id: string; debit: { amount: string } | null }>(
        'POST',
        '/api/payments',
        // Random payers, payees and amounts may repeat: the workload means every payment it sends.
        {
          token: attempt.token,
          body: { quoteId, confirmDuplicate: true },
          headers: { 'idempotency-key': key },
        },
      );
      if (confirm.status === 201)
        return {
          kind: 'acknowledged',
          record: {
            key,
            paymentId: confirm.body.id,
            payer: attempt.payer,
            payee: attempt.payee,
            amountMinor: minorOf(attempt.amount),
            debitMinor: minorOf(confirm.body.debit?.amount),
            sentAt,
            acknowledgedAt: Date.now(),
            attempts: tries,
          },
        };
      if (confirm.status < 500 && confirm.status !== 429)
        return {
          kind: 'refused',
          record: {
            key,
            payer: attempt.payer,
            payee: attempt.payee,
            reason: `${confirm.status} ${codeOf(confirm.body)}`,
          },
        };
    } catch {
      // no answer: the payment may or may not have happened; only the same key may ask again
    }
    // Even when stopping, an open question is asked again: the end checks need every answer.
    if (Date.now() > deadline)
      return {
        kind: 'refused',
        record: { key, payer: attempt.payer, payee: attempt.payee, reason: 'no final answer' },
      };
    await sleep(200 + Math.random() * 300);
  }
}

function codeOf(body: unknown): string {
  return typeof body === 'object' && body !== null && 'code' in body
    ? String((body as { code: unknown }).code)
    : '';
}
