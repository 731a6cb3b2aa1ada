/**
 * Turns every failure into a problem+json answer: domain codes through the one table, schema
 * failures as VALIDATION_FAILED with the list of fields, Fastify's own client errors with their
 * status, and anything else as a bare 500 that leaks nothing (the error goes to the log only).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { isDomainError, type DomainError, type ErrorCode } from '../core/errors.ts';
import { databaseFailure } from '../db/failures.ts';
import { Counter } from 'prom-client';
import {
  buildProblem,
  declaredCodes,
  problemKinds,
  sendProblem,
  type Problem,
  type ValidationIssue,
} from './problem.ts';
import type { App } from './types.ts';

/** A body with thousands of bad items must not produce a thousand-line answer. */
export const validationIssuesMax = 20;

interface ValidationFailure extends Error {
  readonly validation: FastifySchemaValidationError[];
  readonly validationContext?: string;
}

interface HttpError extends Error {
  readonly statusCode: number;
  readonly code?: string;
}

export function installProblemHandlers(app: App): void {
  app.setErrorHandler<Error>((error, request, reply) => {
    const problem = problemFor(error, request);
    checkDeclared(app, request, problem);
    if (problem.status === 503) reply.header('retry-after', String(retryAfterSeconds));
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      buildProblem(request, 'NOT_FOUND', `There is no ${request.method} ${pathOf(request)}.`),
    ),
  );
}

export const undeclaredProblemsMetric = 'smartpay_undeclared_problems_total';

/**
 * The contract check: a problem a route answers must be one its schema documents (STYLE.md §13).
 * An undeclared one still goes out, and is logged and counted so the drift is seen (the API
 * tests assert the count stays zero).
 */
function checkDeclared(app: App, request: FastifyRequest, problem: Problem): void {
  const responses = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
  if (!responses || request.routeOptions.url === undefined) return;
  if (declaredCodes(responses[String(problem.status)]).includes(problem.code)) return;
  request.log.warn(
    { problemCode: problem.code, route: request.routeOptions.url },
    'problem not declared by the route',
  );
  const counter =
    (app.metrics?.getSingleMetric(undeclaredProblemsMetric) as Counter<'route' | 'code'>) ??
    new Counter({
      name: undeclaredProblemsMetric,
      help: 'Problems answered that the route does not document, by route and code',
      labelNames: ['route', 'code'] as const,
      registers: app.metrics ? [app.metrics] : [],
    });
  counter.inc({ route: `${request.method} ${request.routeOptions.url}`, code: problem.code });
}

/** What a 503 tells a client to wait: a failover or a restart is over in seconds. */
export const retryAfterSeconds = 1;

function problemFor(error: Error, request: FastifyRequest): Problem {
  if (isDomainError(error)) return domainProblem(error, request);
  const unavailable = unavailableProblem(error, request);
  if (unavailable) return unavailable;
  if (isValidationFailure(error)) return validationProblem(error, request);
  if (isHttpError(error) && error.statusCode >= 400 && error.statusCode < 500)
    return clientProblem(error, request);
  request.log.error({ err: error }, 'unexpected error');
  return internalProblem(request);
}

function domainProblem(error: DomainError, request: FastifyRequest): Problem {
  const { status } = problemKinds[error.code];
  if (error.code === 'INTERNAL') {
    request.log.error({ err: error }, 'internal error');
    return internalProblem(request);
  }
  // `problemCode`, not `code`: the logger redacts every `code` field (SMS codes).
  if (status >= 500) request.log.warn({ err: error, problemCode: error.code }, 'unavailable');
  else request.log.info({ problemCode: error.code, status }, 'request refused');
  return buildProblem(request, error.code, error.message, { details: error.details });
}

/**
 * The database dropped, refused or exceeded a bound, or the request ran past its time: a clean
 * 503 the client may retry. The error itself goes to the log only.
 */
function unavailableProblem(error: Error, request: FastifyRequest): Problem | undefined {
  const failure = databaseFailure(error);
  const timedOut = (error as { code?: unknown }).code === 'FST_ERR_HANDLER_TIMEOUT';
  if (failure === undefined && !timedOut) return undefined;
  const code: ErrorCode = failure === 'timeout' ? 'DATABASE_TIMEOUT' : 'SERVICE_UNAVAILABLE';
  request.log.warn({ err: error, problemCode: code }, 'unavailable');
  const detail = timedOut
    ? 'The request took too long and was stopped; retry.'
    : failure === 'timeout'
      ? 'The database did not answer in time; retry.'
      : 'The database is briefly unavailable; retry.';
  return buildProblem(request, code, detail);
}

function internalProblem(request: FastifyRequest): Problem {
  return buildProblem(
    request,
    'INTERNAL',
    'Something went wrong on our side. Please quote the request id if you contact the bank.',
  );
}

function validationProblem(error: ValidationFailure, request: FastifyRequest): Problem {
  const part = error.validationContext ?? 'body';
  const all = error.validation.flatMap((failure) => issuesOf(failure, part));
  const errors = all.slice(0, validationIssuesMax);
  const first = errors[0];
  const where = first ? [first.in, first.field].filter(Boolean).join('.') : part;
  const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
  const detail = `${where} ${first?.message ?? 'is not valid'}${more}`;
  return buildProblem(request, 'VALIDATION_FAILED', detail, { errors });
}

/** Handles both TypeBox's and Ajv's shapes of the same keywords, so either compiler works. */
function issuesOf(failure: FastifySchemaValidationError, part: string): ValidationIssue[] {
  const base = pointerToField(failure.instancePath);
  const issue = (field: string, message: string) => ({ in: part, field, message });
  const { keyword, params } = failure;
  // TypeBox reports an unknown property twice: as `additionalProperties` and as a `false` schema.
  if (keyword === 'boolean' && failure.schemaPath.endsWith('/additionalProperties')) return [];
  if (keyword === 'additionalProperties')
    return namesIn(params.additionalProperties ?? params.additionalProperty).map((name) =>
      issue(joinField(base, name), 'is not allowed'),
    );
  if (keyword === 'required')
    return namesIn(params.requiredProperties ?? params.missingProperty).map((name) =>
      issue(joinField(base, name), 'is required'),
    );
  return [issue(base, failure.message ?? 'is not valid')];
}

function namesIn(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((name): name is string => typeof name === 'string');
}

/** JSON pointer `/payee/name` → `payee.name` (what a form shows next to a field). */
function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.');
}

function joinField(base: string, name: string): string {
  return base === '' ? name : `${base}.${name}`;
}

const clientCodes: Partial<Record<number, ErrorCode>> = {
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

/**
 * Fastify's own messages (body too large, bad JSON, …) and the rate limiter's ("retry in 1
 * minute") describe the request, so they may show; other libraries' messages might not.
 */
function clientProblem(error: HttpError, request: FastifyRequest): Problem {
  const code = clientCodes[error.statusCode] ?? 'VALIDATION_FAILED';
  const fromFastify = typeof error.code === 'string' && error.code.startsWith('FST_');
  const detail = fromFastify || code === 'RATE_LIMITED' ? error.message : problemKinds[code].title;
  request.log.info({ problemCode: code, status: error.statusCode }, 'request refused');
  const status = error.statusCode;
  const title = status === problemKinds[code].status ? undefined : STATUS_CODES[status];
  return buildProblem(request, code, detail, { status, ...(title ? { title } : {}) });
}

function isValidationFailure(error: Error): error is ValidationFailure {
  return Array.isArray((error as Partial<ValidationFailure>).validation);
}

function isHttpError(error: Error): error is HttpError {
  return typeof (error as Partial<HttpError>).statusCode === 'number';
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?', 1)[0] ?? '/';
}
