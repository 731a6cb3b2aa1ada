import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSetting } from '../../src/db/settings.ts';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  customerWithMoney,
  fullLogin,
  smsCode,
  startTestBank,
  type TestBank,
  type TestCustomer,
} from '../helpers/bank.ts';

describe(`full login on ${engineName}`, () => {
  let api: TestBank;
  let arta: TestCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    arta = await customerWithMoney(api.database.db);
  });
  afterAll(async () => {
    await api.close();
  });

  const login = (cif: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { cif, password } });
  const otp = (challengeId: string, code: string) =>
    api.app.inject({ method: 'POST', url: '/api/auth/login/otp', payload: { challengeId, code } });

  it('password then the SMS code gives a full session, as a cookie and a bearer token', async () => {
    const first = await login(arta.cif, arta.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ phoneMasked: '+383•••••222' });
    const code = (await smsCode(api, arta.cif)).code;
    const second = await otp(first.json().challengeId, code);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ level: 'full', enrolled: false });
    const cookie = second.cookies.find((c) => c.name === 'smartpay_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    const me = await api.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: bearer(second.json().token),
    });
    expect(me.json()).toMatchObject({
      cif: arta.cif,
      level: 'full',
      name: 'Arta Krasniqi',
      smartOtpEnabled: true,
    });
    const viaCookie = await api.app.inject({
      method: 'GET',
      url: '/api/me',
      cookies: { smartpay_session: cookie!.value },
    });
    expect(viaCookie.statusCode).toBe(200);
  });

  it('the SMS text leaves the outbox once sent, and the code is stored only as an HMAC', async () => {
    const first = await login(arta.cif, arta.password);
    const code = (await smsCode(api, arta.cif)).code;
    const outbox = await api.database.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'sms')
      .execute();
    expect(JSON.stringify(outbox)).not.toContain(code);
    const challenge = await api.database.db
      .selectFrom('otp_challenges')
      .selectAll()
      .where('id', '=', first.json().challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge.code_hmac).not.toContain(code);
  });

  it('a wrong password and an unknown CIF get the same answer', async () => {
    const wrong = await login(arta.cif, 'not the password');
    const unknown = await login('99999999', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().detail).toBe(wrong.json().detail);
    expect(Object.keys(unknown.json()).sort()).toEqual(Object.keys(wrong.json()).sort());
  });

  it('a wrong code is refused, counts, and the fourth try finds the challenge dead', async () => {
    const first = await login(arta.cif, arta.password);
    const code = (await smsCode(api, arta.cif)).code;
    const wrongCode = code === '0000' ? '1111' : '0000';
    for (const attemptsLeft of [2, 1, 0]) {
      const refused = await otp(first.json().challengeId, wrongCode);
      expect(refused.json()).toMatchObject({ code: 'OTP_INVALID', attemptsLeft });
    }
    const fourth = await otp(first.json().challengeId, code);
    expect(fourth.json().code).toBe('OTP_INVALID');
  });

  it('an expired code is refused', async () => {
    const first = await login(arta.cif, arta.password);
    const code = (await smsCode(api, arta.cif)).code;
    api.clock.advance(3 * 60_000 + 1);
    const refused = await otp(first.json().challengeId, code);
    expect(refused.json().code).toBe('OTP_EXPIRED');
  });

  it('a code works once: reusing it is refused', async () => {
    const first = await login(arta.cif, arta.password);
    const code = (await smsCode(api, arta.cif)).code;
    expect((await otp(first.json().challengeId, code)).statusCode).toBe(200);
    expect((await otp(first.json().challengeId, code)).json().code).toBe('OTP_INVALID');
  });

  it('a resend is throttled to one per 30 seconds and replaces the old code', async () => {
    const first = await login(arta.cif, arta.password);
    const oldCode = (await smsCode(api, arta.cif)).code;
    const resend = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/auth/login/otp/resend',
        payload: { challengeId: first.json().challengeId },
      });
    expect((await resend()).json().code).toBe('OTP_THROTTLED');
    api.clock.advance(30_000);
    expect((await resend()).statusCode).toBe(200);
    const newCode = (await smsCode(api, arta.cif)).code;
    if (newCode !== oldCode)
      expect((await otp(first.json().challengeId, oldCode)).json().code).toBe('OTP_INVALID');
    expect((await otp(first.json().challengeId, newCode)).statusCode).toBe(200);
  });

  it('five wrong passwords lock the login, the right one is then refused, time unlocks it', async () => {
    const bora = await customerWithMoney(api.database.db, { name: 'Bora Hoxha' });
    for (let i = 0; i < 4; i++)
      expect((await login(bora.cif, 'wrong password')).json().code).toBe('INVALID_CREDENTIALS');
    expect((await login(bora.cif, 'wrong password')).json().code).toBe('ACCOUNT_LOCKED');
    expect((await login(bora.cif, bora.password)).json().code).toBe('ACCOUNT_LOCKED');
    api.clock.advance(30 * 60_000);
    expect((await login(bora.cif, bora.password)).statusCode).toBe(200);
  });

  it('an unknown CIF locks exactly like a real one', async () => {
    for (let i = 0; i < 4; i++) await login('12121212', 'wrong password');
    expect((await login('12121212', 'wrong password')).json().code).toBe('ACCOUNT_LOCKED');
  });

  it('the lockout threshold is a bank setting', async () => {
    await updateSetting(api.database.db, 'lockout.failedPasswordsMax', '2', 'test');
    const dea = await customerWithMoney(api.database.db, { name: 'Dea Berisha' });
    await login(dea.cif, 'wrong password');
    expect((await login(dea.cif, 'wrong password')).json().code).toBe('ACCOUNT_LOCKED');
    await updateSetting(api.database.db, 'lockout.failedPasswordsMax', '5', 'test');
  });

  it('login failures, lockouts and logins are in the audit log', async () => {
    const actions = (
      await api.database.db.selectFrom('audit_log').select('action').distinct().execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'login.password_failed',
        'login.locked',
        'login.full',
        'login.otp_failed',
      ]),
    );
  });

  it('the session ends after the idle timeout and after the absolute timeout', async () => {
    const token = await fullLogin(api, arta);
    const me = () => api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    api.clock.advance(4 * 60_000);
    expect((await me()).statusCode).toBe(200);
    api.clock.advance(5 * 60_000);
    expect((await me()).json().code).toBe('SESSION_EXPIRED');

    const other = await fullLogin(api, arta);
    for (let i = 0; i < 7; i++) {
      api.clock.advance(4 * 60_000);
      expect(
        (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(other) }))
          .statusCode,
      ).toBe(200);
    }
    api.clock.advance(3 * 60_000);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(other) })).json().code,
    ).toBe('SESSION_EXPIRED');
  });

  it('requests without a session, or with a made-up token, are refused', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/me' })).json().code).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      (
        await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer('x'.repeat(43)) })
      ).json().code,
    ).toBe('UNAUTHENTICATED');
  });

  it('a cookie request that changes state from another origin is refused', async () => {
    const token = await fullLogin(api, arta);
    const put = (origin: string) =>
      api.app.inject({
        method: 'PUT',
        url: '/api/me/smartotp',
        cookies: { smartpay_session: token },
        headers: { origin },
        payload: { enabled: true },
      });
    expect((await put('https://evil.example')).json().code).toBe('ORIGIN_MISMATCH');
    expect((await put(api.config.publicOrigin)).statusCode).toBe(200);
  });

  it('logging in again rotates the session: the old cookie token stops working', async () => {
    const old = await fullLogin(api, arta);
    const first = await login(arta.cif, arta.password);
    const code = (await smsCode(api, arta.cif)).code;
    const second = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login/otp',
      payload: { challengeId: first.json().challengeId, code },
      cookies: { smartpay_session: old },
    });
    expect(second.json().token).not.toBe(old);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(old) })).statusCode,
    ).toBe(401);
  });

  it('"Dalja" ends the session', async () => {
    const token = await fullLogin(api, arta);
    expect(
      (await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) }))
        .statusCode,
    ).toBe(204);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode,
    ).toBe(401);
  });

  it('enrollment needs the current terms version and is shown in the profile', async () => {
    const token = await fullLogin(api, arta);
    const terms = (await api.app.inject({ method: 'GET', url: '/api/terms' })).json();
    expect(terms.text.sq).toContain('SmartPay');
    const stale = await api.app.inject({
      method: 'POST',
      url: '/api/enrollment',
      headers: bearer(token),
      payload: { termsVersion: '1999-01-01' },
    });
    expect(stale.json().code).toBe('TERMS_VERSION_MISMATCH');
    const ok = await api.app.inject({
      method: 'POST',
      url: '/api/enrollment',
      headers: bearer(token),
      payload: { termsVersion: terms.version },
    });
    expect(ok.json()).toMatchObject({ enrolled: true, termsVersion: terms.version });
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json()
        .enrolled,
    ).toBe(true);
  });

  it('the profile shows the limits of the login level', async () => {
    const token = await fullLogin(api, arta);
    const me = (
      await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })
    ).json();
    expect(me.limits).toMatchObject({
      perPayment: { amount: '8000.00', currency: 'EUR' },
      perDay: { amount: '16000.00' },
      countPerDay: null,
    });
  });
});

describe(`login rate limits on ${engineName}`, () => {
  let api: TestBank;
  beforeAll(async () => {
    api = await startTestBank({ env: { SMARTPAY_LOGIN_RATE_PER_CIF: '3' } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('more login attempts for one CIF than the limit allows are refused with RATE_LIMITED', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { cif: '55555555', password: 'whatever1' },
      });
      codes.push(r.json().code);
    }
    expect(codes.slice(0, 3)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
    ]);
    expect(codes[3]).toBe('RATE_LIMITED');
  });
});
