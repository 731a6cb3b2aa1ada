/**
 * Statements per quote and per confirm, from the server's own counter on /metrics
 * (`smartpay_db_statements_total{route=…}`) divided by the requests it answered on that route
 * (`http_request_duration_seconds_count`). Each worker of a cluster has its own registry (label
 * `worker`), and a connection sticks to one worker, so the bench scrapes over fresh connections
 * until it has seen every worker, and takes differences per worker.
 */
import { request } from 'node:http';
import pg from 'pg';

export const quoteRoute = '/api/payments/quotes';
export const confirmRoute = '/api/payments';
export const statementsMetric = 'smartpay_db_statements_total';
/** The counter's own divisor, when the server exports it; else POSTs in the duration histogram. */
const routeRequestsMetric = 'smartpay_http_requests_total';
const requestsMetric = 'http_request_duration_seconds_count';

interface WorkerCounts {
  statements: Map<string, number>;
  requests: Map<string, number>;
}

interface ParsedCounts extends WorkerCounts {
  routeRequests: Map<string, number>;
}

export type Snapshot = Map<string, WorkerCounts>;

function scrapeOnce(baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}/metrics`, { agent: false }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('metrics scrape timed out')));
    req.end();
  });
}

function labelsOf(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels.set(match[1]!, match[2]!);
  return labels;
}

export function parseMetrics(text: string): { worker: string; counts: WorkerCounts } {
  const counts: ParsedCounts = {
    statements: new Map(),
    requests: new Map(),
    routeRequests: new Map(),
  };
  let worker = '';
  for (const line of text.split('\n')) {
    const match = /^(\w+)\{([^}]*)\} (\S+)/.exec(line);
    if (!match) continue;
    const [, name, labelText, value] = match;
    const labels = labelsOf(labelText!);
    worker = labels.get('worker') ?? worker;
    const route = labels.get('route');
    if (route === undefined) continue;
    if (name === statementsMetric) counts.statements.set(route, Number(value));
    else if (name === routeRequestsMetric) counts.routeRequests.set(route, Number(value));
    else if (name === requestsMetric && labels.get('method') === 'POST')
      counts.requests.set(route, (counts.requests.get(route) ?? 0) + Number(value));
  }
  const requests = counts.routeRequests.size > 0 ? counts.routeRequests : counts.requests;
  return { worker, counts: { statements: counts.statements, requests } };
}

/** One scrape of each process's /metrics (each worker of a cluster has a listener of its own). */
export async function snapshot(metricsUrls: readonly string[]): Promise<Snapshot> {
  const seen: Snapshot = new Map();
  for (const [index, url] of metricsUrls.entries()) {
    const text = await scrapeOnce(url).catch(() => undefined);
    if (text === undefined) continue;
    const { worker, counts } = parseMetrics(text);
    seen.set(worker || String(index), counts);
  }
  return seen;
}

/** Waits until every process answers /metrics, so none is still starting when the load begins. */
export async function waitForWorkers(metricsUrls: readonly string[]): Promise<number> {
  const deadline = performance.now() + 60_000;
  let seen = 0;
  while (performance.now() < deadline) {
    seen = (await snapshot(metricsUrls)).size;
    if (seen >= metricsUrls.length) return seen;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return seen;
}

export interface StatementCounts {
  /** Undefined when the server has no statement counter. */
  readonly perQuote: number | undefined;
  readonly perConfirm: number | undefined;
  /** From pg_stat_statements when there is no counter: quote + confirm + background jobs. */
  readonly perPayment?: number | undefined;
  readonly source: string;
}

function perRequest(before: Snapshot, after: Snapshot, route: string): number | undefined {
  let statements = 0;
  let requests = 0;
  let counted = false;
  for (const [worker, end] of after) {
    const start = before.get(worker);
    const endStatements = end.statements.get(route);
    if (endStatements === undefined) continue;
    counted = true;
    statements += endStatements - (start?.statements.get(route) ?? 0);
    requests += (end.requests.get(route) ?? 0) - (start?.requests.get(route) ?? 0);
  }
  if (!counted || requests === 0) return undefined;
  return statements / requests;
}

export function statementCounts(before: Snapshot, after: Snapshot): StatementCounts {
  const perQuote = perRequest(before, after, quoteRoute);
  const perConfirm = perRequest(before, after, confirmRoute);
  const workersCounted = [...after.keys()].filter((w) => before.has(w)).length;
  return {
    perQuote,
    perConfirm,
    source:
      perQuote === undefined && perConfirm === undefined
        ? 'n/a'
        : `${statementsMetric} on /metrics (${workersCounted} of ${after.size} workers)`,
  };
}

/**
 * The fallback when the server has no statement counter: `pg_stat_statements`, if the PostgreSQL
 * server preloads it. It cannot tell routes apart and also counts the background jobs, so it
 * gives statements per payment (quote + confirm together), an upper bound.
 */
export interface StatementTotals {
  /** Top-level statements executed in the bench's database so far. */
  read(): Promise<number>;
  close(): Promise<void>;
}

export async function pgStatStatements(databaseUrl: string): Promise<StatementTotals | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ setting: string }>(
      "select setting from pg_settings where name = 'shared_preload_libraries'",
    );
    if (!/\bpg_stat_statements\b/.test(rows[0]?.setting ?? '')) {
      await client.end();
      return undefined;
    }
    await client.query('create extension if not exists pg_stat_statements');
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async read() {
      const { rows } = await client.query<{ calls: string }>(
        `select coalesce(sum(calls), 0)::text as calls from pg_stat_statements
          where dbid = (select oid from pg_database where datname = current_database())
            and query not like '%pg_stat_statements%'`,
      );
      return Number(rows[0]?.calls ?? 0);
    },
    close: () => client.end(),
  };
}
