/**
 * Who is this (guide §3, §4, §8): terms, full login with the SMS code, SmartOTP login, logout,
 * "Më harro", enrollment, the profile and trusted devices. Routes validate, call identity/ and
 * map nothing themselves: DomainErrors become problems in one place.
 */
import rateLimit from '@fastify/rate-limit';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { bankDay } from '../../core/clock.ts';
import { DomainError } from '../../core/errors.ts';
import { dailyUsage, limitsForLevel, limitsView } from '../../payments/limits.ts';
import { uuidPattern } from '../../core/ids.ts';
import {
  authenticationOptions,
  forgetDevice,
  registerDevice,
  registrationOptions,
  smartOtpLogin,
} from '../../identity/devices.ts';
import { enroll } from '../../identity/enrollment.ts';
import { completeOtpLogin, resendOtp, startLogin } from '../../identity/login.ts';
import { countLoginAttempt } from '../../identity/login-rate.ts';
import {
  coolingOffDelayMinutesMax,
  forgetMe,
  getProfile,
  logout,
  setCoolingOff,
  setSmartOtp,
} from '../../identity/profile.ts';
import { authenticate, endSession } from '../../identity/sessions.ts';
import { TermsSchema, currentTerms } from '../../identity/terms.ts';
import {
  CoolingOffSettingSchema,
  DeviceSchema,
  EnrollmentAnswerSchema,
  ForgetMeAnswerSchema,
  OtpChallengeSchema,
  ProfileSchema,
  SessionAnswerSchema,
  SmartOtpSettingSchema,
} from '../../identity/views.ts';
import {
  clearSessionCookie,
  guardSession,
  sessionOf,
  setSessionCookie,
  settingsOf,
  tokenOf,
} from '../auth.ts';
import { problemResponses } from '../problem.ts';
import { rateLimitStore } from '../rate-limit-store.ts';
import type { App } from '../types.ts';

const Cif = Type.String({ minLength: 1, maxLength: 32, description: 'customer number' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const ChallengeId = Type.String({ format: 'uuid', description: 'from POST /api/auth/login' });
const WebauthnJson = Type.Object(
  {},
  { additionalProperties: true, description: 'WebAuthn JSON as @simplewebauthn/browser makes it' },
);
const ipOf = (request: FastifyRequest) => request.ip;
const cifOf = (request: FastifyRequest) =>
  String((request.body as { cif?: unknown } | undefined)?.cif ?? '').trim();

export const identityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app.deps;
  const rateLimited = (_request: FastifyRequest, context: { ttl: number }) =>
    new DomainError(
      'RATE_LIMITED',
      `too many attempts: try again in ${Math.ceil(context.ttl / 1000)} s`,
      {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      },
    );
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: rateLimited,
    ...rateLimitStore(app as unknown as App, config),
  });
  const perIp = {
    rateLimit: { max: config.loginRatePerIpPerMinute, timeWindow: 60_000, keyGenerator: ipOf },
  };
  const perCif = cifLimiter(app as unknown as App, config.loginRatePerCifPerMinute);
  const deps = { database: app.deps.database, clock: app.deps.clock, config };

  app.get(
    '/terms',
    {
      schema: {
        tags: ['identity'],
        response: { 200: TermsSchema },
      },
    },
    async () => currentTerms,
  );

  app.post(
    '/auth/login',
    {
      config: perIp,
      preHandler: perCif,
      schema: {
        tags: ['identity'],
        body: Type.Object({ cif: Cif, password: Password }),
        response: {
          200: OtpChallengeSchema,
          ...problemResponses('INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'RATE_LIMITED'),
        },
      },
    },
    async (request) => startLogin(deps, { ...request.body, ip: request.ip }),
  );

  app.post(
    '/auth/login/otp',
    {
      config: perIp,
      schema: {
        tags: ['identity'],
        body: Type.Object({
          challengeId: ChallengeId,
          code: Type.String({ maxLength: 8 }),
        }),
        response: {
          200: SessionAnswerSchema,
          ...problemResponses('OTP_INVALID', 'OTP_EXPIRED', 'RATE_LIMITED'),
        },
      },
    },
    async (request, reply) => {
      const result = await completeOtpLogin(deps, { ...request.body, ip: request.ip });
      await endPreviousSession(app, request);
      setSessionCookie(app, reply, result);
      return result.answer;
    },
  );

  app.post(
    '/auth/login/otp/resend',
    {
      config: perIp,
      schema: {
        tags: ['identity'],
        body: Type.Object({ challengeId: ChallengeId }),
        response: {
          200: OtpChallengeSchema,
          ...problemResponses('OTP_INVALID', 'OTP_THROTTLED'),
        },
      },
    },
    async (request) => resendOtp(deps, { challengeId: request.body.challengeId, ip: request.ip }),
  );

  app.post(
    '/auth/smartotp/options',
    {
      config: perIp,
      preHandler: perCif,
      schema: {
        tags: ['identity'],
        body: Type.Object({ cif: Cif }),
        response: { 200: WebauthnJson, ...problemResponses('INVALID_CREDENTIALS') },
      },
    },
    async (request) => authenticationOptions(deps, request.body.cif),
  );

  app.post(
    '/auth/login/smartotp',
    {
      config: perIp,
      preHandler: perCif,
      schema: {
        tags: ['identity'],
        body: Type.Object({ cif: Cif, password: Password, assertion: WebauthnJson }),
        response: {
          200: SessionAnswerSchema,
          ...problemResponses(
            'INVALID_CREDENTIALS',
            'ACCOUNT_LOCKED',
            'SMARTOTP_DISABLED',
            'DEVICE_NOT_TRUSTED',
            'RATE_LIMITED',
          ),
        },
      },
    },
    async (request, reply) => {
      const issued = await smartOtpLogin(deps, {
        ...request.body,
        assertion: request.body.assertion as unknown as AuthenticationResponseJSON,
        ip: request.ip,
      });
      await endPreviousSession(app, request);
      setSessionCookie(app, reply, issued);
      return issued.answer;
    },
  );

  await app.register(async (authed) => authenticatedIdentityRoutes(authed as App, deps));
};

async function authenticatedIdentityRoutes(
  app: App,
  deps: Parameters<typeof registerDevice>[0],
): Promise<void> {
  guardSession(app);
  const { database, clock } = app.deps;
  const tags = ['identity'];

  app.post(
    '/auth/logout',
    { schema: { tags, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await logout(database.db, sessionOf(request), clock, request.ip);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/forget-me',
    {
      schema: {
        tags,
        description:
          'Body optional: `{deviceId}` names this device when the session did not use or trust one.',
        response: {
          200: ForgetMeAnswerSchema,
          ...problemResponses('NOT_FOUND'),
        },
      },
    },
    async (request, reply) => {
      const result = await forgetMe(
        database.db,
        sessionOf(request),
        clock,
        request.ip,
        optionalDeviceId(request.body),
      );
      clearSessionCookie(reply);
      return result;
    },
  );

  app.post(
    '/enrollment',
    {
      schema: {
        tags,
        body: Type.Object({ termsVersion: Type.String({ maxLength: 40 }) }),
        response: {
          200: EnrollmentAnswerSchema,
          ...problemResponses('FULL_LOGIN_REQUIRED', 'TERMS_VERSION_MISMATCH'),
        },
      },
    },
    async (request) =>
      enroll(database.db, sessionOf(request), request.body.termsVersion, clock, request.ip),
  );

  app.get('/me', { schema: { tags, response: { 200: ProfileSchema } } }, async (request) => {
    const session = sessionOf(request);
    const settings = settingsOf(request);
    const profile = await getProfile(database.db, session);
    const usage = await dailyUsage(database.db, session.customerId, bankDay(clock.now()));
    return {
      ...profile,
      limits: limitsView(session.level, limitsForLevel(settings, session.level), usage),
    };
  });

  app.put(
    '/me/smartotp',
    {
      schema: {
        tags,
        body: Type.Object({ enabled: Type.Boolean() }),
        response: {
          200: SmartOtpSettingSchema,
          ...problemResponses('FULL_LOGIN_REQUIRED'),
        },
      },
    },
    async (request) =>
      setSmartOtp(database.db, sessionOf(request), request.body.enabled, request.ip, clock.now()),
  );

  app.put(
    '/me/cooling-off',
    {
      schema: {
        tags,
        description:
          'Cooling-off (full session only): a first payment to a payee above the threshold (EUR equivalent) is held for the delay, and can be cancelled meanwhile.',
        body: Type.Object({
          enabled: Type.Boolean(),
          threshold: Type.Optional(
            Type.String({ maxLength: 40, description: 'EUR amount, e.g. "50.00"' }),
          ),
          delayMinutes: Type.Optional(
            Type.Integer({ minimum: 1, maximum: coolingOffDelayMinutesMax }),
          ),
        }),
        response: {
          200: CoolingOffSettingSchema,
          ...problemResponses('FULL_LOGIN_REQUIRED'),
        },
      },
    },
    async (request) =>
      setCoolingOff(database.db, sessionOf(request), request.body, request.ip, clock.now()),
  );

  app.post(
    '/devices/registration/options',
    {
      schema: { tags, response: { 200: WebauthnJson, ...problemResponses('FULL_LOGIN_REQUIRED') } },
    },
    async (request) => registrationOptions(deps, sessionOf(request)),
  );

  app.post(
    '/devices',
    {
      schema: {
        tags,
        body: Type.Object({
          response: WebauthnJson,
          name: Type.Optional(Type.String({ maxLength: 60 })),
        }),
        response: { 201: DeviceSchema, ...problemResponses('FULL_LOGIN_REQUIRED') },
      },
    },
    async (request, reply) => {
      const device = await registerDevice(deps, sessionOf(request), {
        response: request.body.response as unknown as RegistrationResponseJSON,
        name: request.body.name,
        ip: request.ip,
      });
      return reply.code(201).send(device);
    },
  );

  app.delete(
    '/devices/:id',
    {
      schema: {
        tags,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses('NOT_FOUND') },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await forgetDevice(
        database.db,
        session.customerId,
        request.params.id,
        `customer:${session.customerId}`,
        clock.now(),
        request.ip,
        // The full session forgetting a device from its list stays; a partial one ends with it.
        session.level === 'full' ? session.id : undefined,
      );
      return reply.code(204).send(null);
    },
  );
}

/**
 * The per-CIF limit runs beside the per-IP one, counted in the database (identity/login-rate.ts)
 * so that every server instance counts the same attempts.
 */
function cifLimiter(app: App, max: number): preHandlerAsyncHookHandler {
  return async (request) => {
    const cif = cifOf(request).slice(0, 32);
    await countLoginAttempt(app.deps.database.db, { cif, now: app.deps.clock.now(), max });
  };
}

/** Login rotates the session: a token the browser held before is ended, never reused. */
async function endPreviousSession(app: App, request: FastifyRequest): Promise<void> {
  const previous = tokenOf(request);
  if (!previous) return;
  const { database, clock, settings } = app.deps;
  const identity = await authenticate(database.db, previous.token, clock, settings).catch(
    () => undefined,
  );
  if (identity) await endSession(database.db, identity.session.id, 'replaced-by-login', clock);
}

/** The body of "Më harro" may be absent; when present, deviceId must be a device id. */
function optionalDeviceId(body: unknown): string | undefined {
  const deviceId = (body as { deviceId?: unknown } | null | undefined)?.deviceId;
  if (deviceId === undefined) return undefined;
  if (typeof deviceId !== 'string' || !uuidPattern.test(deviceId))
    throw new DomainError('VALIDATION_FAILED', 'deviceId must be the id of a trusted device', {
      field: 'deviceId',
    });
  return deviceId;
}
