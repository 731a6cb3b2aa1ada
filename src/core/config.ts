/**
 * Configuration is read from the environment once, validated, frozen and passed down.
 * Development gets working defaults; production refuses to start with development secrets.
 * This is the only file in core/ that sees process.env (it receives it as an argument).
 */
import path from 'node:path';
import { DomainError } from './errors.ts';

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  readonly env: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** Where the embedded database (PGlite) keeps its files and the operator socket lives. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** HTTP worker processes (node:cluster) on PostgreSQL; 'auto' is one per CPU. PGlite: always 1. */
  readonly workers: number | 'auto';
  /** Bounds on the PostgreSQL path, so a stuck database answers 503 instead of wedging us. */
  readonly databaseTimeouts: DatabaseTimeouts;
  /** Longest a request may take before it is answered 503 (Fastify's handlerTimeout). */
  readonly requestTimeoutMs: number;
  /** At shutdown: how long /health/ready answers 503 while requests are still served. */
  readonly shutdownDrainMs: number;
  /** /health/live fails when the event loop or the database pool is stuck this long. */
  readonly livenessStallMs: number;
  readonly logLevel: string;
  /** Country of the bank, for IBANs and the QR payload (tag 58). */
  readonly country: string;
  readonly bankCode: string;
  readonly bankCity: string;
  /** The bank's name as customers know it, printed on shared QR cards. */
  readonly bankName: string;
  /** ISO 4217 codes of the currencies the bank offers. */
  readonly currencies: readonly string[];
  readonly qrSchemeId: string;
  /** HMAC keys: the current key signs; the previous one is still accepted (rotation). */
  readonly qrMacKey: string;
  readonly qrMacKeyPrevious: string | undefined;
  readonly otpHmacKey: string;
  /** Ed25519 key that signs receipts (PEM or 32-byte seed); the previous one is still published. */
  readonly receiptSigningKey: string;
  readonly receiptSigningKeyPrevious: string | undefined;
  readonly publicOrigin: string;
  readonly webauthnRpId: string;
  readonly webauthnRpName: string;
  readonly smsProvider: 'development' | 'http';
  readonly smsHttpUrl: string | undefined;
  readonly smsHttpTimeoutMs: number;
  readonly seedDemo: boolean;
  /** Login, OTP and SmartOTP attempts per minute, per client IP and per CIF. */
  readonly loginRatePerIpPerMinute: number;
  readonly loginRatePerCifPerMinute: number;
  /**
   * Where /metrics is served apart from the public port: always in production (loopback, 9464
   * by default), elsewhere only when SMARTPAY_METRICS_PORT is set; undefined serves it on the app.
   */
  readonly metricsListener: { readonly host: string; readonly port: number } | undefined;
  /**
   * Redis for the per-IP rate limits, shared by every instance; without it they are counted in
   * process memory (one process). The guards that matter live in the database either way.
   */
  readonly rateLimitRedisUrl: string | undefined;
  readonly rateLimitRedisPrefix: string;
  /** Serve /api/docs and /api/openapi.json (on by default outside production). */
  readonly apiDocs: boolean;
}

/** More workers than this is a typo, not a deployment (each holds its own connection pool). */
export const workersMax = 64;
export interface DatabaseTimeouts {
  /** `statement_timeout`: no single SQL statement runs longer. */
  readonly statementMs: number;
  /** `lock_timeout`: no statement waits longer for a row or table lock. */
  readonly lockMs: number;
  /** Pool acquire timeout (`connectionTimeoutMillis`): waiting for, or opening, a connection. */
  readonly acquireMs: number;
  /** `idle_in_transaction_session_timeout`: a transaction left open by a stuck process ends. */
  readonly idleInTransactionMs: number;
}

/** Secrets that only development and tests may use: production refuses them. */
export const developmentSecrets = Object.freeze({
  qrMacKey: 'development-qr-mac-key-not-for-production',
  otpHmacKey: 'development-otp-hmac-key-not-for-production',
  /** SHA-256 of "development-receipt-signing-key-not-for-production", as an Ed25519 seed. */
  receiptSigningKey: 'c0c3684263f0d2079f5eb5eae7c7fa75f372df4732e6c0973c22c8a3871ffcd7',
});

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env, cwd = '.'): Config {
  const nodeEnv = parseEnum(env, 'NODE_ENV', ['development', 'test', 'production'], 'development');
  const port = parseInteger(env, 'PORT', 8080, 0, 65535);
  const host = env.HOST ?? (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1');
  const publicOrigin = env.SMARTPAY_PUBLIC_ORIGIN ?? `http://localhost:${port}`;
  const config: Config = {
    env: nodeEnv,
    host,
    port,
    dataDir: path.resolve(cwd, env.SMARTPAY_DATA_DIR ?? 'data'),
    databaseUrl: nonEmpty(env.DATABASE_URL),
    databasePoolSize: parseInteger(env, 'SMARTPAY_DB_POOL_SIZE', 10, 1, 200),
    workers:
      nonEmpty(env.SMARTPAY_WORKERS) === 'auto'
        ? 'auto'
        : parseInteger(env, 'SMARTPAY_WORKERS', 1, 1, workersMax),
    databaseTimeouts: {
      statementMs: parseInteger(env, 'SMARTPAY_DB_STATEMENT_TIMEOUT_MS', 5_000, 100, 600_000),
      lockMs: parseInteger(env, 'SMARTPAY_DB_LOCK_TIMEOUT_MS', 2_000, 50, 600_000),
      acquireMs: parseInteger(env, 'SMARTPAY_DB_ACQUIRE_TIMEOUT_MS', 3_000, 100, 600_000),
      idleInTransactionMs: parseInteger(
        env,
        'SMARTPAY_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        15_000,
        1_000,
        3_600_000,
      ),
    },
    requestTimeoutMs: parseInteger(env, 'SMARTPAY_REQUEST_TIMEOUT_MS', 10_000, 1_000, 600_000),
    shutdownDrainMs: parseInteger(
      env,
      'SMARTPAY_SHUTDOWN_DRAIN_MS',
      nodeEnv === 'production' ? 5_000 : 1_000,
      0,
      120_000,
    ),
    livenessStallMs: parseInteger(env, 'SMARTPAY_LIVENESS_STALL_MS', 30_000, 1_000, 600_000),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    country: parsePattern(env, 'SMARTPAY_COUNTRY', /^[A-Z]{2}$/, 'XK'),
    bankCode: parsePattern(env, 'SMARTPAY_BANK_CODE', /^\d{4}$/, '1212'),
    bankCity: parsePattern(env, 'SMARTPAY_BANK_CITY', /^[A-Za-z .-]{1,15}$/, 'Prishtina'),
    bankName: parsePattern(env, 'SMARTPAY_BANK_NAME', /^[\p{L}\p{N} .&'-]{1,40}$/u, 'Banka'),
    currencies: parseList(env, 'SMARTPAY_CURRENCIES', /^[A-Z]{3}$/, ['EUR', 'USD', 'CHF', 'ALL']),
    qrSchemeId: parsePattern(
      env,
      'SMARTPAY_QR_SCHEME_ID',
      /^[a-z0-9.-]{3,29}$/, // tag 26 fits 29 characters of scheme id
      'xk.bank.smartpay',
    ),
    qrMacKey: env.SMARTPAY_QR_MAC_KEY ?? developmentSecrets.qrMacKey,
    qrMacKeyPrevious: nonEmpty(env.SMARTPAY_QR_MAC_KEY_PREVIOUS),
    otpHmacKey: env.SMARTPAY_OTP_HMAC_KEY ?? developmentSecrets.otpHmacKey,
    receiptSigningKey:
      nonEmpty(env.SMARTPAY_RECEIPT_SIGNING_KEY) ?? developmentSecrets.receiptSigningKey,
    receiptSigningKeyPrevious: nonEmpty(env.SMARTPAY_RECEIPT_SIGNING_KEY_PREVIOUS),
    publicOrigin,
    webauthnRpId: env.SMARTPAY_WEBAUTHN_RP_ID ?? new URL(publicOrigin).hostname,
    webauthnRpName: env.SMARTPAY_WEBAUTHN_RP_NAME ?? 'SmartPay',
    smsProvider: parseEnum(env, 'SMARTPAY_SMS_PROVIDER', ['development', 'http'], 'development'),
    smsHttpUrl: nonEmpty(env.SMARTPAY_SMS_HTTP_URL),
    smsHttpTimeoutMs: parseInteger(env, 'SMARTPAY_SMS_HTTP_TIMEOUT_MS', 5000, 100, 60_000),
    seedDemo: parseBoolean(env, 'SMARTPAY_SEED_DEMO', nodeEnv !== 'production'),
    loginRatePerIpPerMinute: parseInteger(env, 'SMARTPAY_LOGIN_RATE_PER_IP', 30, 1, 100_000),
    loginRatePerCifPerMinute: parseInteger(env, 'SMARTPAY_LOGIN_RATE_PER_CIF', 10, 1, 100_000),
    metricsListener: metricsListenerOf(env, nodeEnv),
    rateLimitRedisUrl: parseRedisUrl(env, 'SMARTPAY_RATE_LIMIT_REDIS_URL'),
    rateLimitRedisPrefix: parsePattern(
      env,
      'SMARTPAY_RATE_LIMIT_REDIS_PREFIX',
      /^[A-Za-z0-9:._-]{1,64}$/,
      'smartpay-rate-limit-',
    ),
    apiDocs: parseBoolean(env, 'SMARTPAY_API_DOCS', nodeEnv !== 'production'),
  };
  if (config.env === 'production') refuseDevelopmentSettings(config);
  return Object.freeze(config);
}

function refuseDevelopmentSettings(config: Config): void {
  const problems: string[] = [];
  if (config.qrMacKey === developmentSecrets.qrMacKey || config.qrMacKey.length < 32)
    problems.push('SMARTPAY_QR_MAC_KEY must be set to a secret of at least 32 characters');
  if (config.otpHmacKey === developmentSecrets.otpHmacKey || config.otpHmacKey.length < 32)
    problems.push('SMARTPAY_OTP_HMAC_KEY must be set to a secret of at least 32 characters');
  // One key for two purposes lets an OTP HMAC stand in for a QR MAC (and the reverse).
  if (config.qrMacKey === config.otpHmacKey)
    problems.push('SMARTPAY_QR_MAC_KEY must differ from SMARTPAY_OTP_HMAC_KEY');
  const previous = config.qrMacKeyPrevious;
  // The development key is public: codes "signed" with it must not pay in production.
  if (previous !== undefined && (Object.values(developmentSecrets) as string[]).includes(previous))
    problems.push('SMARTPAY_QR_MAC_KEY_PREVIOUS must not be the development key');
  else if (previous !== undefined && previous === config.otpHmacKey)
    problems.push('SMARTPAY_QR_MAC_KEY_PREVIOUS must differ from SMARTPAY_OTP_HMAC_KEY');
  if (config.receiptSigningKey === developmentSecrets.receiptSigningKey)
    problems.push("SMARTPAY_RECEIPT_SIGNING_KEY must be set to the bank's Ed25519 receipt key");
  if (config.smsProvider === 'development')
    problems.push('SMARTPAY_SMS_PROVIDER=development prints codes to the log; use http');
  if (!config.publicOrigin.startsWith('https://'))
    problems.push('SMARTPAY_PUBLIC_ORIGIN must be https:// in production');
  if (problems.length > 0)
    throw configError(`refusing to start in production: ${problems.join('; ')}`);
}

/** Production listens on every interface: its metrics get a loopback listener of their own. */
function metricsListenerOf(env: Env, nodeEnv: NodeEnv): Config['metricsListener'] {
  const host = env.SMARTPAY_METRICS_HOST ?? '127.0.0.1';
  if (nonEmpty(env.SMARTPAY_METRICS_PORT) === undefined && nodeEnv !== 'production')
    return undefined;
  return { host, port: parseInteger(env, 'SMARTPAY_METRICS_PORT', 9464, 0, 65535) };
}

function parseRedisUrl(env: Env, name: string): string | undefined {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return undefined;
  if (!/^rediss?:\/\//.test(raw)) throw configError(`${name} must be a redis:// or rediss:// URL`);
  return raw;
}

function configError(message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw configError(`${name} must be a whole number, got "${raw}"`);
  const value = Number.parseInt(raw, 10);
  if (value < min || value > max) throw configError(`${name} must be between ${min} and ${max}`);
  return value;
}

function parseEnum<T extends string>(
  env: Env,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw configError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function parsePattern(env: Env, name: string, pattern: RegExp, fallback: string): string {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!pattern.test(raw)) throw configError(`${name} has an invalid value "${raw}"`);
  return raw;
}

function parseList(env: Env, name: string, item: RegExp, fallback: string[]): string[] {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const items = raw.split(',').map((s) => s.trim().toUpperCase());
  const bad = items.filter((s) => !item.test(s));
  if (bad.length > 0) throw configError(`${name} has invalid entries: ${bad.join(', ')}`);
  return [...new Set(items)];
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw configError(`${name} must be true or false, got "${raw}"`);
}
