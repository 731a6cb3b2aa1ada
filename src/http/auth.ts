/**
 * Authentication for API routes: the session token comes from the HttpOnly cookie (web app) or
 * `Authorization: Bearer` (API clients). State-changing requests that rely on the cookie must
 * come from our own origin, so another site cannot make a logged-in browser pay.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { DomainError, type ErrorCode } from '../core/errors.ts';
import type { BankSettings } from '../core/settings.ts';
import {
  type IssuedSession,
  type RequestIdentity,
  type Session,
  authenticate,
} from '../identity/sessions.ts';
import { sessionCookieName } from './openapi.ts';
import { withProblems } from './problem.ts';
import type { App } from './types.ts';

export { sessionCookieName };

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The request context: session, enrollment and settings, read once per request. */
    identity?: RequestIdentity;
  }
}

/** The token of a request and where it came from; bearer wins when both are present. */
export function tokenOf(
  request: FastifyRequest,
): { token: string; via: 'bearer' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7).trim(), via: 'bearer' };
  const cookie = request.cookies?.[sessionCookieName];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export function assertSameOrigin(app: App, request: FastifyRequest): void {
  if (safeMethods.has(request.method)) return;
  const origin = request.headers.origin ?? refererOrigin(request.headers.referer);
  if (origin !== app.deps.config.publicOrigin)
    throw new DomainError('ORIGIN_MISMATCH', 'this request must come from the SmartPay app itself');
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** preHandler for authenticated route contexts: sets request.identity or refuses. */
export function requireSession(app: App) {
  return async (request: FastifyRequest): Promise<void> => {
    const found = tokenOf(request);
    if (!found) throw new DomainError('UNAUTHENTICATED', 'log in first');
    if (found.via === 'cookie') assertSameOrigin(app, request);
    const { database, clock, settings } = app.deps;
    request.identity = await authenticate(database.db, found.token, clock, settings);
  };
}

/** What the session guard refuses, in order: no session, a cross-site cookie, an ended session. */
export const sessionRefusals = [
  'UNAUTHENTICATED',
  'ORIGIN_MISMATCH',
  'SESSION_EXPIRED',
] as const satisfies readonly ErrorCode[];

/** SmartPay's own routes also refuse a customer who has not joined yet. */
export const enrolledSessionRefusals = [
  ...sessionRefusals,
  'NOT_ENROLLED',
] as const satisfies readonly ErrorCode[];

/**
 * Guards every route of this plugin context with requireEnrolledSession and documents its
 * refusals (401/403) on each of them, so no route forgets them in OpenAPI.
 */
export function guardEnrolled(app: FastifyInstance): void {
  documentRefusals(app, enrolledSessionRefusals);
  app.addHook('preHandler', requireEnrolledSession(app as unknown as App));
}

/** The same for routes that need a session but not enrollment (logout, profile, devices). */
export function guardSession(app: FastifyInstance): void {
  documentRefusals(app, sessionRefusals);
  app.addHook('preHandler', requireSession(app as unknown as App));
}

function documentRefusals(app: FastifyInstance, codes: readonly ErrorCode[]): void {
  app.addHook('onRoute', (route) => {
    const responses = route.schema?.response as Record<string, unknown> | undefined;
    route.schema = { ...route.schema, response: withProblems(responses, codes) };
  });
}

/** preHandler for SmartPay itself (QR accounts, requests, payments): logged in and enrolled. */
export function requireEnrolledSession(app: App) {
  const authenticated = requireSession(app);
  return async (request: FastifyRequest): Promise<void> => {
    await authenticated(request);
    if (!request.identity?.enrolled)
      throw new DomainError(
        'NOT_ENROLLED',
        'join SmartPay first: accept the terms in a full login',
      );
  };
}

export function sessionOf(request: FastifyRequest): Session {
  if (!request.identity) throw new DomainError('UNAUTHENTICATED', 'log in first');
  return request.identity.session;
}

/** The bank settings this request runs under (read with its session). */
export function settingsOf(request: FastifyRequest): BankSettings {
  if (!request.identity) throw new DomainError('UNAUTHENTICATED', 'log in first');
  return request.identity.settings;
}

export function setSessionCookie(app: App, reply: FastifyReply, issued: IssuedSession): void {
  reply.setCookie(sessionCookieName, issued.token, {
    path: '/api',
    httpOnly: true,
    sameSite: 'strict',
    secure:
      app.deps.config.env === 'production' || app.deps.config.publicOrigin.startsWith('https://'),
    expires: issued.session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookieName, { path: '/api' });
}
