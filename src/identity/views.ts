/**
 * What the identity module answers, each shape defined once as a TypeBox schema: the use cases
 * return its Static type (login.ts, devices.ts, enrollment.ts, profile.ts), the identity route
 * (src/http/routes/identity.ts) validates, filters and documents with the schema, and the web
 * app imports the type (web/src/api/types.ts). The terms have theirs in terms.ts. No I/O.
 */
import { Type, type Static } from 'typebox';
import { LimitsSchema } from '../payments/views.ts';

/** The password was right: the SMS code is on its way (POST /api/auth/login, …/resend). */
export const OtpChallengeSchema = Type.Object({
  challengeId: Type.String(),
  phoneMasked: Type.String(),
  expiresAt: Type.String(),
});
export type OtpChallenge = Static<typeof OtpChallengeSchema>;

/** A login's answer; the token is also set as the session cookie. */
export const SessionAnswerSchema = Type.Object({
  token: Type.String({ description: 'opaque session token, also set as an HttpOnly cookie' }),
  level: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
  enrolled: Type.Boolean(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type SessionAnswer = Static<typeof SessionAnswerSchema>;

export const EnrollmentAnswerSchema = Type.Object({
  enrolled: Type.Boolean(),
  termsVersion: Type.String(),
  acceptedAt: Type.String(),
});
export type EnrollmentAnswer = Static<typeof EnrollmentAnswerSchema>;

/** A device trusted for SmartOTP (a WebAuthn platform credential). */
export const DeviceSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Device = Static<typeof DeviceSchema>;

/**
 * Cooling-off, chosen by the customer: a first payment to a payee above `threshold` (EUR
 * equivalent, as the limits count) is held for `delayMinutes` before money moves, and can be
 * cancelled meanwhile (payments/holds.ts). Off by default.
 */
export const CoolingOffSettingSchema = Type.Object({
  enabled: Type.Boolean(),
  threshold: Type.Union([
    Type.Object({ amount: Type.String(), currency: Type.Literal('EUR') }),
    Type.Null(),
  ]),
  delayMinutes: Type.Union([Type.Integer(), Type.Null()]),
});
export type CoolingOffSetting = Static<typeof CoolingOffSettingSchema>;

export const SmartOtpSettingSchema = Type.Object({ enabled: Type.Boolean() });
export type SmartOtpSetting = Static<typeof SmartOtpSettingSchema>;

/**
 * The profile screen (GET /api/me). Its limits are the payments module's (payments/views.ts
 * Limits), which the route adds to what profile.ts getProfile answers.
 */
export const ProfileSchema = Type.Object({
  cif: Type.String(),
  name: Type.String(),
  phoneMasked: Type.String(),
  level: Type.Union([Type.Literal('full'), Type.Literal('partial')]),
  enrolled: Type.Boolean(),
  smartOtpEnabled: Type.Boolean(),
  currentDeviceId: Type.Union([Type.String(), Type.Null()]),
  devices: Type.Array(DeviceSchema),
  limits: LimitsSchema,
  sessionExpiresAt: Type.String(),
  coolingOff: CoolingOffSettingSchema,
});
export type Profile = Static<typeof ProfileSchema>;

/** "Më harro": the device forgotten with the session, if the session had one. */
export const ForgetMeAnswerSchema = Type.Object({
  forgottenDeviceId: Type.Union([Type.String(), Type.Null()]),
});
export type ForgetMeAnswer = Static<typeof ForgetMeAnswerSchema>;
