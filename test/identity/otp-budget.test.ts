/**
 * The SMS code cannot be guessed across challenges (issue 11, defect 1): wrong codes count per
 * customer in the database over an hour (bank setting otp.wrongCodesPerHour, 10), whatever the
 * challenge, the resends or the server; when the budget is spent the login locks like a password
 * lockout, the customer gets an SMS saying so, and the operator's unlock lifts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.ts';
import { unlockLogin } from '../../src/identity/lockout.ts';
import { engineName } from '../helpers/database.ts';
import {
  customerWithMoney,
  lastSmsId,
  smsCode,
  startTestBank,
  type TestBank,
  type TestCustomer,
} from '../helpers/bank.ts';

describe(`the budget of wrong SMS codes on ${engineName}`, () => {
  let api: TestBank;
  /** A second server on the same database: the budget is shared, not per process. */
  let other: TestBank;
  beforeAll(async () => {
    api = await startTestBank();
    other = await startTestBank({ sameDatabaseAs: api });
  });
  afterAll(async () => {
    await other.close();
    await api.close();
  });

  const login = (app: App, customer: TestCustomer) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { cif: customer.cif, password: customer.password },
    });
  const otp = (app: App, challengeId: string, code: string) =>
    app.inject({ method: 'POST', url: '/api/auth/login/otp', payload: { challengeId, code } });

  /** Opens a challenge and spends `tries` wrong codes on it; returns its id and real code. */
  async function wrongTries(app: App, customer: TestCustomer, tries: number) {
    // The code of this challenge, not the newest already there: the other server's dispatcher
    // may still be sending this one while ours looks.
    const before = await lastSmsId(api, customer.cif);
    const started = await login(app, customer);
    expect(started.statusCode).toBe(200);
    const challengeId = started.json().challengeId as string;
    const code = (await smsCode(api, customer.cif, before)).code;
    const wrong = code === '0000' ? '1111' : '0000';
    const answers = [];
    for (let i = 0; i < tries; i++) answers.push((await otp(app, challengeId, wrong)).json());
    return { challengeId, code, answers };
  }

  it('ten wrong codes over several challenges and two servers lock the login', async () => {
    const arta = await customerWithMoney(api.database.db, { name: 'Arta Krasniqi' });
    await wrongTries(api.app, arta, 3);
    await wrongTries(other.app, arta, 3);
    await wrongTries(api.app, arta, 3);
    const pending = await wrongTries(other.app, arta, 0);
    const last = await wrongTries(api.app, arta, 1);
    expect(last.answers[0]).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    // Locked: the right password is refused, and so is the right code of a live challenge.
    expect((await login(api.app, arta)).json().code).toBe('ACCOUNT_LOCKED');
    expect((await otp(other.app, pending.challengeId, pending.code)).json().code).toBe(
      'ACCOUNT_LOCKED',
    );
    await api.dispatcher.dispatchOnce();
    const sms = await api.database.db
      .selectFrom('sms_messages')
      .select('text')
      .where('cif', '=', arta.cif)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(sms.text).toMatch(/bllokua/);
  });

  it('a resend does not refill the budget', async () => {
    const besa = await customerWithMoney(api.database.db, { name: 'Besa Gashi' });
    for (let i = 0; i < 3; i++) await wrongTries(api.app, besa, 3);
    const started = await wrongTries(api.app, besa, 0);
    api.clock.advance(30_000);
    const beforeResend = await lastSmsId(api, besa.cif);
    const resent = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login/otp/resend',
      payload: { challengeId: started.challengeId },
    });
    expect(resent.statusCode).toBe(200);
    const fresh = (await smsCode(api, besa.cif, beforeResend)).code;
    const wrong = fresh === '0000' ? '1111' : '0000';
    expect((await otp(api.app, started.challengeId, wrong)).json().code).toBe('ACCOUNT_LOCKED');
  });

  it("the operator's unlock lifts it, with a full budget again", async () => {
    const drita = await customerWithMoney(api.database.db, { name: 'Drita Hoxha' });
    for (let i = 0; i < 3; i++) await wrongTries(api.app, drita, 3);
    expect((await wrongTries(api.app, drita, 1)).answers[0]).toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    expect(await unlockLogin(api.database.db, drita.cif, 'operator:test')).toBe(true);
    const again = await wrongTries(api.app, drita, 1);
    expect(again.answers[0]).toMatchObject({ code: 'OTP_INVALID', attemptsLeft: 2 });
    expect((await otp(api.app, again.challengeId, again.code)).statusCode).toBe(200);
  });

  it('the budget is a window of an hour', async () => {
    const era = await customerWithMoney(api.database.db, { name: 'Era Berisha' });
    for (let i = 0; i < 3; i++) await wrongTries(api.app, era, 3);
    api.clock.advance(60 * 60_000 + 1);
    const later = await wrongTries(api.app, era, 1);
    expect(later.answers[0]).toMatchObject({ code: 'OTP_INVALID' });
    expect((await otp(api.app, later.challengeId, later.code)).statusCode).toBe(200);
  });
});
