/**
 * pino settings shared by the HTTP app and main: no secret, password, OTP or full token may reach
 * a log (DESIGN.md §6), whoever logs the object and however deep the field sits.
 */
import { pino, stdSerializers, type Logger, type LoggerOptions } from 'pino';

const secretFields = [
  'password',
  'newPassword',
  'currentPassword',
  'code',
  'otp',
  'token',
  'secret',
  'authorization',
  'cookie',
];

// fast-redact wildcards match one level each, so each field is listed at the depths we log.
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  ...secretFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

const secretQuery = new RegExp(`([?&](?:${secretFields.join('|')})=)[^&#]*`, 'gi');

/** Tokens sometimes travel in query strings (links in SMS, SSE); the logged URL keeps only names. */
export function redactUrl(url: string): string {
  return url.replace(secretQuery, '$1[redacted]');
}

interface LoggedRequest {
  readonly method?: unknown;
  readonly url?: unknown;
  readonly ip?: unknown;
}

interface LoggedReply {
  readonly statusCode?: unknown;
}

/**
 * Fastify only installs its request serializers on loggers it creates itself; ours are explicit so
 * a shared logger never dumps a whole request object (headers and all). They accept anything:
 * a logger must not throw because someone logged an unusual `req`.
 */
const serializers = {
  req: (request: LoggedRequest | null) => ({
    method: request?.method,
    url: typeof request?.url === 'string' ? redactUrl(request.url) : undefined,
    remoteAddress: request?.ip,
  }),
  res: (reply: LoggedReply | null) => ({ statusCode: reply?.statusCode }),
  err: stdSerializers.err,
};

export function loggerOptions(level: string, overrides: LoggerOptions = {}): LoggerOptions {
  return {
    level,
    ...overrides,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { ...serializers, ...overrides.serializers },
  };
}

export function createLogger(level: string, overrides: LoggerOptions = {}): Logger {
  return pino(loggerOptions(level, overrides));
}
