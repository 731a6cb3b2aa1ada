/**
 * Which database failures mean "the database is not available right now" rather than a bug:
 * a connection dropped (restart, failover, pg_terminate_backend), refused (server down), a standby
 * that cannot take writes (failover in progress), or one of our bounds exceeded (statement or lock
 * timeout, no pooled connection in time). They answer a clean 503 the client may retry with the
 * same Idempotency-Key; every other error stays an internal error.
 */

export type DatabaseFailure = 'timeout' | 'unavailable';

/** SQLSTATEs (PostgreSQL appendix A). Class 08 is every connection exception. */
const timeoutStates = new Set([
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
]);
const unavailableStates = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, fast shutdown
  '57P02', // crash_shutdown: another backend crashed, immediate shutdown
  '57P03', // cannot_connect_now: starting up, in recovery
  '57P05', // idle_session_timeout
  '53300', // too_many_connections
  '25006', // read_only_sql_transaction: the node we reached is (now) a standby
  '0A000', // feature_not_supported: e.g. a standby refusing a write through a function
]);
const unavailableSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** node-postgres and pg-pool report these as plain Errors without a code. */
const unavailableMessages = [
  'Connection terminated',
  'not queryable',
  'Client was closed',
  'no primary',
];
const timeoutMessages = ['timeout exceeded when trying to connect', 'Query read timeout'];

export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (timeoutStates.has(code)) return 'timeout';
    if (code === '0A000' && !/read-only|recovery/i.test(error.message)) return undefined;
    if (unavailableStates.has(code) || code.startsWith('08')) return 'unavailable';
    if (unavailableSocketCodes.has(code)) return 'unavailable';
  }
  if (timeoutMessages.some((text) => error.message.includes(text))) return 'timeout';
  if (unavailableMessages.some((text) => error.message.includes(text))) return 'unavailable';
  // AggregateError (a host list that all refused) and wrapped causes.
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error) return databaseFailure(cause);
  if (error instanceof AggregateError) {
    for (const inner of error.errors) if (databaseFailure(inner)) return 'unavailable';
  }
  return undefined;
}
