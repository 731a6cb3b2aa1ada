/**
 * SmartOTP login is not a password oracle (issue 11, defect 6): the device's assertion is checked
 * before the password, so without a trusted device the right and a wrong password get the same
 * answer; the attempt is counted towards the lockout and written to the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  customerWithMoney,
  startTestBank,
  type TestBank,
  type TestCustomer,
} from '../helpers/bank.ts';

describe(`SmartOTP login without a trusted device on ${engineName}`, () => {
  let api: TestBank;
  let arta: TestCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    arta = await customerWithMoney(api.database.db);
  });
  afterAll(async () => {
    await api.close();
  });

  const smartOtp = (cif: string, password: string, assertion: object = {}) =>
    api.app.inject({
      method: 'POST',
      url: '/api/auth/login/smartotp',
      payload: { cif, password, assertion },
    });
  const answerOf = (response: { statusCode: number; json(): Record<string, unknown> }) => {
    const { instance: _instance, requestId: _requestId, ...rest } = response.json();
    return { status: response.statusCode, ...rest };
  };

  it('the right and a wrong password get the same answer with an empty assertion', async () => {
    const right = answerOf(await smartOtp(arta.cif, arta.password));
    const wrong = answerOf(await smartOtp(arta.cif, 'not the password'));
    const unknown = answerOf(await smartOtp('55555555', 'not the password'));
    expect(right).toEqual(wrong);
    expect(unknown).toEqual(wrong);
  });

  it('the attempt is audited and counts towards the lockout, even with the right password', async () => {
    const besa = await customerWithMoney(api.database.db, { name: 'Besa Gashi' });
    for (let i = 0; i < 5; i++) await smartOtp(besa.cif, besa.password);
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { cif: besa.cif, password: besa.password },
    });
    expect(login.json().code).toBe('ACCOUNT_LOCKED');
    const audited = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject', '=', besa.cif)
      .where('action', '=', 'login.smartotp_failed')
      .execute();
    expect(audited).toHaveLength(5);
  });
});
