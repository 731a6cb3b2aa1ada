/**
 * RFC 9457 problem details. Every ErrorCode maps to an HTTP status here and only here (STYLE.md
 * §3): services return or throw codes, this table decides what HTTP says about them. The table is
 * a Record over ErrorCode, so adding a code without deciding its status fails the typecheck.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { errorCodes, type ErrorCode } from '../core/errors.ts';

export const problemContentType = 'application/problem+json';

export interface ProblemKind {
  readonly status: number;
  readonly title: string;
}

export const problemKinds: Readonly<Record<ErrorCode, ProblemKind>> = Object.freeze({
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  UNAUTHENTICATED: { status: 401, title: 'Login required' },
  SESSION_EXPIRED: { status: 401, title: 'The session has expired' },
  FULL_LOGIN_REQUIRED: { status: 403, title: 'A full login (password and SMS code) is required' },
  NOT_ENROLLED: { status: 403, title: 'Not enrolled in SmartPay' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
  ACCOUNT_LOCKED: { status: 423, title: 'Access is locked' },
  OTP_INVALID: { status: 400, title: 'The code is not correct' },
  OTP_EXPIRED: { status: 400, title: 'The code has expired' },
  OTP_THROTTLED: { status: 429, title: 'Too many codes requested' },
  SMARTOTP_DISABLED: { status: 403, title: 'SmartOTP is turned off' },
  DEVICE_NOT_TRUSTED: { status: 403, title: 'This device is not trusted' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  ORIGIN_MISMATCH: { status: 403, title: 'Cross-origin request refused' },
  TERMS_VERSION_MISMATCH: { status: 409, title: 'The Terms and Conditions have changed' },
  QR_INVALID: { status: 422, title: 'Not a valid SmartPay QR code' },
  QR_EXPIRED: { status: 410, title: 'The QR code has expired' },
  QR_USED: { status: 409, title: 'The QR code has already been paid' },
  QR_CANCELLED: { status: 410, title: 'The QR code was cancelled' },
  QR_ACCOUNT_NOT_VALID: { status: 422, title: 'The QR account is not valid' },
  QR_ACCOUNT_EXISTS: { status: 409, title: 'The QR account already exists' },
  QUOTE_EXPIRED: { status: 410, title: 'The confirmation has expired' },
  SAME_ACCOUNT: { status: 422, title: 'Payer and payee accounts are the same' },
  LIMIT_PER_PAYMENT: { status: 422, title: 'Above the limit per payment' },
  LIMIT_PER_DAY: { status: 422, title: 'Above the daily limit' },
  LIMIT_COUNT_PER_DAY: { status: 422, title: 'Too many payments today' },
  INSUFFICIENT_FUNDS: { status: 422, title: 'Insufficient funds' },
  // A question, not a refusal for good: the same confirm with confirmDuplicate: true pays.
  DUPLICATE_SUSPECTED: { status: 409, title: 'This looks like a payment just made' },
  HOLD_NOT_CANCELLABLE: { status: 409, title: 'The payment is no longer held' },
  CURRENCY_NOT_OFFERED: { status: 422, title: 'The currency is not offered' },
  // A missing exchange rate is the bank's data, not the client's mistake: retry later.
  RATE_MISSING: { status: 503, title: 'No exchange rate available' },
  REFUND_EXCEEDS_REMAINING: { status: 422, title: 'More than what remains to refund' },
  REFUND_WINDOW_CLOSED: { status: 422, title: 'Too late to refund this payment' },
  REFUND_NOT_PAYEE: { status: 403, title: 'Only the payee of a payment can refund it' },
  REFUND_OF_REFUND: { status: 422, title: 'A refund cannot be refunded' },
  REFUND_REQUEST_NOT_OPEN: { status: 409, title: 'The refund request was already answered' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused with another request' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: 'An Idempotency-Key header is required' },
  RECEIPT_NOT_GENUINE: { status: 422, title: 'The receipt is not genuine' },
  OPERATOR_CHANNEL_BUSY: { status: 503, title: 'The operator channel is busy' },
  // Nothing was decided: the client retries (a payment with the same Idempotency-Key).
  SERVICE_UNAVAILABLE: { status: 503, title: 'The service is briefly unavailable' },
  DATABASE_TIMEOUT: { status: 503, title: 'The database did not answer in time' },
  INTERNAL: { status: 500, title: 'Internal error' },
});

/** A stable identifier per code; clients key on `code`, `type` satisfies RFC 9457. */
export function problemType(code: ErrorCode): string {
  return `urn:smartpay:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export const ValidationIssueSchema = Type.Object({
  in: Type.String({ description: 'body, querystring, params or headers' }),
  field: Type.String({ description: 'dotted path of the field; empty for the whole part' }),
  message: Type.String(),
});

export type ValidationIssue = Static<typeof ValidationIssueSchema>;

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.String(),
    code: Type.Enum([...errorCodes]),
    instance: Type.String({ description: 'path of the request' }),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(ValidationIssueSchema)),
  },
  {
    // Codes add their own facts (e.g. the limit that was hit), so extra members are allowed.
    additionalProperties: true,
    description: 'RFC 9457 problem details; `code` is stable, the texts are for people.',
  },
);

export type Problem = Static<typeof ProblemSchema> & Record<string, unknown>;

export interface ProblemOptions {
  /** Only for HTTP-level conditions the table cannot know (413, 415, 503 while shutting down). */
  readonly status?: number;
  readonly title?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly errors?: readonly ValidationIssue[];
}

export function buildProblem(
  request: Pick<FastifyRequest, 'id' | 'url'>,
  code: ErrorCode,
  detail: string,
  options: ProblemOptions = {},
): Problem {
  const kind = problemKinds[code];
  return {
    // Details first: a detail named like a standard member must never overwrite it.
    ...options.details,
    type: problemType(code),
    title: options.title ?? kind.title,
    status: options.status ?? kind.status,
    detail,
    code,
    instance: request.url.split('?', 1)[0] ?? '/',
    requestId: request.id,
    ...(options.errors ? { errors: [...options.errors] } : {}),
  };
}

/** Details may hold bigint amounts: they travel as decimal strings, like all money in the API. */
function serializeProblem(problem: Problem): string {
  return JSON.stringify(problem, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

/**
 * Pre-serialized so a route's declared response schema cannot drop members of the problem and so
 * bigint details do not crash the serializer.
 */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(problemContentType).send(serializeProblem(problem));
}

export interface ProblemResponse {
  readonly description: string;
  readonly content: {
    readonly 'application/problem+json': { readonly schema: typeof ProblemSchema };
  };
}

/**
 * What any route can answer whatever it does: input that fails its schema, a database that is
 * down or too slow (503), and a bug (500).
 */
export const anyRouteProblems = [
  'VALIDATION_FAILED',
  'SERVICE_UNAVAILABLE',
  'DATABASE_TIMEOUT',
  'INTERNAL',
] as const satisfies readonly ErrorCode[];

/**
 * The problem answers a route can give, grouped by status, for OpenAPI and the route's reply type:
 * `response: { 200: Payment, ...problemResponses('QR_USED', 'LIMIT_PER_DAY') }`. The problems
 * of any route (anyRouteProblems) are always included.
 */
export function problemResponses(...codes: readonly ErrorCode[]): Record<number, ProblemResponse> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of [...anyRouteProblems, ...codes]) {
    const status = problemKinds[code].status;
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: Record<number, ProblemResponse> = {};
  for (const [status, statusCodes] of byStatus) responses[status] = problemResponse(statusCodes);
  return responses;
}

function problemResponse(codes: Iterable<ErrorCode>): ProblemResponse {
  const description = [...codes].map((code) => `${code}: ${problemKinds[code].title}`).join('; ');
  return { description, content: { [problemContentType]: { schema: ProblemSchema } } };
}

/** The codes a route's documented response (as problemResponses writes it) declares. */
export function declaredCodes(response: unknown): ErrorCode[] {
  const description = (response as { description?: unknown } | undefined)?.description;
  if (typeof description !== 'string') return [];
  return [...description.matchAll(/(?:^|; )([A-Z_]+):/g)]
    .map((match) => match[1] as ErrorCode)
    .filter((code) => code in problemKinds);
}

/** A route's responses with more problem codes merged in, status by status. */
export function withProblems(
  responses: Readonly<Record<string, unknown>> | undefined,
  codes: readonly ErrorCode[],
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...responses };
  for (const [status, added] of Object.entries(problemResponses(...codes))) {
    const present = merged[status];
    const known = new Set(declaredCodes(present));
    for (const code of declaredCodes(added)) known.add(code);
    // A success schema under the same status is never replaced (statuses differ by design).
    if (present === undefined || declaredCodes(present).length > 0)
      merged[status] = problemResponse(known);
  }
  return merged;
}
