/**
 * The load generator: a process of its own (forked by run.ts) so its CPU is not the server's.
 * It speaks HTTP/1.1 with keep-alive (undici), runs one plan (a closed loop of N clients, or an
 * open loop at a fixed arrival rate), reports progress once a second and sends back every
 * confirm attempt for the correctness checks.
 *
 * A payment is the HTTP calls a phone makes: (payee creates a request,) quote, confirm. A confirm
 * whose answer is lost (network error, 5xx) is retried with the same Idempotency-Key, as the web
 * app does; if it never gets an answer, its outcome is "unknown" and the checks look it up.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import type {
  Actor,
  FromLoadGenerator,
  LoadPlan,
  PaidAttempt,
  RefusedAttempt,
  ToLoadGenerator,
  UnknownAttempt,
} from './protocol.ts';
import { Recorder } from './stats.ts';

const confirmAttemptsMax = 4;
const requestTimeoutMs = 10_000;

type Answer = { status: number; body: Record<string, unknown> | undefined };

class Outcome extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function send(message: FromLoadGenerator): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

async function call(
  pool: Pool,
  path: string,
  token: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await pool.request({
    method: 'POST',
    path,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
  const text = await response.body.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, body: parsed };
}

function problemCode(answer: Answer): string {
  const code = answer.body?.code;
  return typeof code === 'string' ? code : `HTTP_${answer.status}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Generator {
  readonly paid: PaidAttempt[] = [];
  readonly refused: RefusedAttempt[] = [];
  readonly unknown: UnknownAttempt[] = [];
  private readonly pool: Pool;

  constructor(private readonly plan: LoadPlan) {
    this.pool = new Pool(plan.baseUrl, {
      connections: plan.connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
    });
  }

  pickPayee(): Actor {
    const { payees, hotShare } = this.plan;
    if (Math.random() < hotShare) return payees[0]!;
    return payees[Math.floor(Math.random() * payees.length)]!;
  }

  /** One payment; resolves when it is paid, throws Outcome with the refusal's code otherwise. */
  async pay(payer: Actor): Promise<void> {
    const payee = this.pickPayee();
    let payload = payee.accountCode;
    if (this.plan.flow === 'request') {
      const created = await call(this.pool, '/api/requests', payee.token, {
        qrAccountId: payee.qrAccountId,
        amount: this.plan.amount,
      }).catch(() => undefined);
      if (!created) throw new Outcome('NETWORK');
      if (created.status !== 201) throw new Outcome(problemCode(created));
      payload = String(created.body?.payload);
    }
    const quoteBody = {
      payload,
      fromQrAccountId: payer.qrAccountId,
      ...(this.plan.flow === 'account-code' ? { amount: this.plan.amount } : {}),
    };
    const quoted = await call(this.pool, '/api/payments/quotes', payer.token, quoteBody).catch(
      () => undefined,
    );
    if (!quoted) throw new Outcome('NETWORK');
    if (quoted.status !== 201) throw new Outcome(problemCode(quoted));
    await this.confirm(payer, payee, String(quoted.body?.quoteId));
  }

  async confirm(payer: Actor, payee: Actor, quoteId: string): Promise<void> {
    const key = randomUUID();
    for (let attempt = 1; attempt <= confirmAttemptsMax; attempt++) {
      const answer = await call(
        this.pool,
        '/api/payments',
        payer.token,
        // The load pays the same amount to the same payees again and again, on purpose.
        { quoteId, confirmDuplicate: true },
        { 'idempotency-key': key },
      ).catch(() => undefined);
      const code = answer ? problemCode(answer) : 'NETWORK';
      if (answer?.status === 201) {
        const debit = answer.body?.debit as { amount?: unknown } | undefined;
        this.paid.push({
          quoteId,
          paymentId: String(answer.body?.id),
          payer: payer.index,
          payee: payee.index,
          amount: String(answer.body?.amount),
          debit: String(debit?.amount),
        });
        return;
      }
      // Lost answers and "still running" are worth asking again with the same key.
      const retry = !answer || answer.status >= 500 || code === 'CONFLICT';
      if (!retry) {
        this.refused.push({ quoteId, code });
        throw new Outcome(code);
      }
      if (attempt < confirmAttemptsMax) await sleep(50 * 2 ** attempt);
    }
    this.unknown.push({ quoteId, payer: payer.index, payee: payee.index });
    throw new Outcome('UNKNOWN_OUTCOME');
  }

  async run(): Promise<void> {
    const { plan } = this;
    const startMs = performance.now();
    const measureFromMs = startMs + plan.warmupMs;
    const measureToMs = measureFromMs + plan.durationMs;
    const measured = new Recorder(measureFromMs);
    const warmup = new Recorder(startMs);
    const record = (scheduledMs: number, error?: unknown) => {
      const now = performance.now();
      if (now < measureFromMs || now > measureToMs) {
        if (error) warmup.failed(now, codeOf(error));
        return;
      }
      if (error) measured.failed(now, codeOf(error));
      else measured.paid(now, now - scheduledMs);
    };
    const progress = setInterval(() => {
      const elapsedMs = performance.now() - startMs;
      const measuring = elapsedMs >= plan.warmupMs;
      void send({
        type: 'progress',
        elapsedMs,
        measuring,
        payments: measured.payments,
        errors: measured.errorCount,
        lastSecond: measured.second(Math.floor((elapsedMs - plan.warmupMs) / 1000) - 1),
      });
    }, 1000);
    try {
      if (plan.mode.kind === 'closed')
        await this.closedLoop(plan.mode.clients, measureToMs, record);
      else await this.openLoop(plan.mode.ratePerSecond, plan.mode.inFlightMax, measureToMs, record);
    } finally {
      clearInterval(progress);
      await this.pool.close();
    }
    const measuredMs = plan.durationMs;
    await send({
      type: 'done',
      result: {
        paymentsPerSecond: measured.payments / (measuredMs / 1000),
        measuredMs,
        latency: measured.summary(),
        errors: measured.errors,
        warmupErrors: warmup.errors,
        seconds: measured.seconds(Math.ceil(measuredMs / 1000)),
        paid: this.paid,
        refused: this.refused,
        unknown: this.unknown,
      },
    });
  }

  /** N clients, each paying from its own payers one after another, as fast as answers come. */
  async closedLoop(
    clients: number,
    endMs: number,
    record: (scheduledMs: number, error?: unknown) => void,
  ): Promise<void> {
    const { payers } = this.plan;
    const client = async (index: number) => {
      const mine = payers.filter((_, i) => i % clients === index);
      for (let turn = 0; performance.now() < endMs; turn++) {
        const started = performance.now();
        await this.pay(mine[turn % mine.length]!).then(
          () => record(started),
          (error: unknown) => record(started, error),
        );
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  }

  /**
   * Arrivals at a fixed rate whatever the answers do (no coordinated omission): latency counts
   * from the moment a payment was due, so a stalled server shows as latency, not as fewer samples.
   */
  async openLoop(
    ratePerSecond: number,
    inFlightMax: number,
    endMs: number,
    record: (scheduledMs: number, error?: unknown) => void,
  ): Promise<void> {
    const { payers } = this.plan;
    const intervalMs = 1000 / ratePerSecond;
    const startMs = performance.now();
    const running = new Set<Promise<void>>();
    for (let arrival = 0; ; arrival++) {
      const dueMs = startMs + arrival * intervalMs;
      if (dueMs > endMs) break;
      const waitMs = dueMs - performance.now();
      if (waitMs > 1) await sleep(waitMs);
      if (running.size >= inFlightMax) {
        record(dueMs, new Outcome('OVERLOAD'));
        continue;
      }
      const payment: Promise<void> = this.pay(payers[arrival % payers.length]!).then(
        () => record(dueMs),
        (error: unknown) => record(dueMs, error),
      );
      running.add(payment);
      void payment.finally(() => running.delete(payment));
    }
    await Promise.all(running);
  }
}

function codeOf(error: unknown): string {
  return error instanceof Outcome ? error.code : 'CLIENT_ERROR';
}

process.on('message', (message: ToLoadGenerator) => {
  if (message.type !== 'run') return;
  new Generator(message.plan)
    .run()
    .catch((error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.stack! : String(error) }),
    )
    .finally(() => process.exit(0));
});
