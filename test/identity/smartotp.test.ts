import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import { SoftAuthenticator } from '../helpers/webauthn.ts';
import {
  bearer,
  customerWithMoney,
  fullLogin,
  startTestBank,
  type TestBank,
  type TestCustomer,
} from '../helpers/bank.ts';

describe(`SmartOTP (partial login with a trusted device) on ${engineName}`, () => {
  let api: TestBank;
  let arta: TestCustomer;
  let device: SoftAuthenticator;
  let deviceId: string;

  beforeAll(async () => {
    api = await startTestBank();
    arta = await customerWithMoney(api.database.db);
  });
  afterAll(async () => {
    await api.close();
  });

  async function trustDevice(token: string, authenticator: SoftAuthenticator, userVerified = true) {
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/devices/registration/options',
      headers: bearer(token),
    });
    expect(options.statusCode).toBe(200);
    expect(options.json().authenticatorSelection).toMatchObject({
      userVerification: 'required',
      authenticatorAttachment: 'platform',
    });
    return api.app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: bearer(token),
      payload: {
        response: authenticator.register(options.json(), userVerified),
        name: 'Telefoni i Artës',
      },
    });
  }

  async function partialLogin(
    customer: TestCustomer,
    authenticator: SoftAuthenticator,
    tweaks: Parameters<SoftAuthenticator['assert']>[1] = {},
    password = customer.password,
  ) {
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/auth/smartotp/options',
      payload: { cif: customer.cif },
    });
    const assertion = authenticator.assert(options.json(), tweaks);
    return api.app.inject({
      method: 'POST',
      url: '/api/auth/login/smartotp',
      payload: { cif: customer.cif, password, assertion },
    });
  }

  beforeEach(async () => {
    if (deviceId) return;
    device = new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId);
    const token = await fullLogin(api, arta);
    const trusted = await trustDevice(token, device);
    expect(trusted.statusCode).toBe(201);
    deviceId = trusted.json().id;
  });

  it('a newly trusted device has one date: the one it answers is the one the profile lists', async () => {
    const token = await fullLogin(api, arta);
    const trusted = await trustDevice(
      token,
      new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId),
    );
    expect(trusted.statusCode).toBe(201);
    const profile = await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    const listed = profile
      .json()
      .devices.find((listedDevice: { id: string }) => listedDevice.id === trusted.json().id);
    expect(listed.createdAt).toBe(trusted.json().createdAt);
    expect(listed.createdAt).toBe(api.clock.now().toISOString());
  });

  it('a trusted device gives a partial session with the lower limits', async () => {
    const login = await partialLogin(arta, device);
    expect(login.statusCode).toBe(200);
    expect(login.json().level).toBe('partial');
    const me = (
      await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(login.json().token) })
    ).json();
    expect(me).toMatchObject({
      level: 'partial',
      currentDeviceId: deviceId,
      limits: { perPayment: { amount: '100.00' }, perDay: { amount: '100.00' }, countPerDay: 3 },
    });
    expect(me.devices.map((d: { id: string }) => d.id)).toContain(deviceId);
  });

  it('registration without user verification (no device lock) is refused', async () => {
    const token = await fullLogin(api, arta);
    const refused = await trustDevice(
      token,
      new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId),
      false,
    );
    expect(refused.statusCode).toBe(400);
  });

  it('a device cannot be trusted from a partial session', async () => {
    const partial = (await partialLogin(arta, device)).json().token;
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/devices/registration/options',
      headers: bearer(partial),
    });
    expect(options.json().code).toBe('FULL_LOGIN_REQUIRED');
  });

  it('the right password without a trusted device is refused', async () => {
    const stranger = new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId);
    stranger.register({
      challenge: 'x',
      rp: { name: 'x' },
      user: { id: 'x', name: 'x', displayName: 'x' },
      pubKeyCredParams: [],
    });
    expect((await partialLogin(arta, stranger)).json().code).toBe('DEVICE_NOT_TRUSTED');
  });

  it('a wrong password with a trusted device is refused like any wrong password', async () => {
    expect((await partialLogin(arta, device, {}, 'not the password')).json().code).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('an assertion without user verification is refused', async () => {
    expect((await partialLogin(arta, device, { userVerified: false })).json().code).toBe(
      'DEVICE_NOT_TRUSTED',
    );
  });

  it('a forged assertion (signed by another key) is refused', async () => {
    const forger = new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId);
    forger.register({
      challenge: 'x',
      rp: { name: 'x' },
      user: { id: 'x', name: 'x', displayName: 'x' },
      pubKeyCredParams: [],
    });
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/auth/smartotp/options',
      payload: { cif: arta.cif },
    });
    const forged = {
      ...forger.assert(options.json()),
      id: [...device.credentials.keys()][0]!,
      rawId: [...device.credentials.keys()][0]!,
    };
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login/smartotp',
      payload: { cif: arta.cif, password: arta.password, assertion: forged },
    });
    expect(login.json().code).toBe('DEVICE_NOT_TRUSTED');
  });

  it('a replayed assertion is refused', async () => {
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/auth/smartotp/options',
      payload: { cif: arta.cif },
    });
    const assertion = device.assert(options.json());
    const send = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/auth/login/smartotp',
        payload: { cif: arta.cif, password: arta.password, assertion },
      });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).json().code).toBe('DEVICE_NOT_TRUSTED');
  });

  it('an assertion with a signature counter that went back is refused (cloned authenticator)', async () => {
    expect((await partialLogin(arta, device, { counter: 1 })).json().code).toBe(
      'DEVICE_NOT_TRUSTED',
    );
  });

  it('an assertion for another origin is refused', async () => {
    const phishing = new SoftAuthenticator(
      'https://smartpay.evil.example',
      api.config.webauthnRpId,
    );
    const options = await api.app.inject({
      method: 'POST',
      url: '/api/auth/smartotp/options',
      payload: { cif: arta.cif },
    });
    // Same key as the trusted device, answered on another origin.
    (phishing as unknown as { credentials: SoftAuthenticator['credentials'] }).credentials.set(
      ...[...device.credentials.entries()][0]!,
    );
    const assertion = phishing.assert(options.json());
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login/smartotp',
      payload: { cif: arta.cif, password: arta.password, assertion },
    });
    expect(login.json().code).toBe('DEVICE_NOT_TRUSTED');
  });

  it('options for an unknown CIF look like options for a real one', async () => {
    const known = (
      await api.app.inject({
        method: 'POST',
        url: '/api/auth/smartotp/options',
        payload: { cif: arta.cif },
      })
    ).json();
    const unknown = (
      await api.app.inject({
        method: 'POST',
        url: '/api/auth/smartotp/options',
        payload: { cif: '77777777' },
      })
    ).json();
    expect(Object.keys(unknown).sort()).toEqual(Object.keys(known).sort());
    expect(unknown.allowCredentials).toHaveLength(1);
  });

  it('the SmartOTP switch changes only in a full session, and off refuses partial login everywhere', async () => {
    const partial = (await partialLogin(arta, device)).json().token;
    const fromPartial = await api.app.inject({
      method: 'PUT',
      url: '/api/me/smartotp',
      headers: bearer(partial),
      payload: { enabled: false },
    });
    expect(fromPartial.json().code).toBe('FULL_LOGIN_REQUIRED');

    const full = await fullLogin(api, arta);
    expect(
      (
        await api.app.inject({
          method: 'PUT',
          url: '/api/me/smartotp',
          headers: bearer(full),
          payload: { enabled: false },
        })
      ).json(),
    ).toEqual({ enabled: false });
    expect((await partialLogin(arta, device)).json().code).toBe('SMARTOTP_DISABLED');
    await api.app.inject({
      method: 'PUT',
      url: '/api/me/smartotp',
      headers: bearer(full),
      payload: { enabled: true },
    });
    expect((await partialLogin(arta, device)).statusCode).toBe(200);
  });

  it('"Dalja" keeps the device trusted: the next login can be partial', async () => {
    const partial = (await partialLogin(arta, device)).json().token;
    expect(
      (await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(partial) }))
        .statusCode,
    ).toBe(204);
    expect((await partialLogin(arta, device)).statusCode).toBe(200);
  });

  it("one customer's token never reaches another customer's profile or devices", async () => {
    const besa = await customerWithMoney(api.database.db, { name: 'Besa Gashi' });
    const besaToken = await fullLogin(api, besa);
    const me = (
      await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(besaToken) })
    ).json();
    expect(me.cif).toBe(besa.cif);
    expect(me.devices).toEqual([]);
    const forget = await api.app.inject({
      method: 'DELETE',
      url: `/api/devices/${deviceId}`,
      headers: bearer(besaToken),
    });
    expect(forget.json().code).toBe('NOT_FOUND');
    expect((await partialLogin(arta, device)).statusCode).toBe(200);
  });

  it('"Më harro" ends the session and forgets the device: the next login must be full', async () => {
    const partial = (await partialLogin(arta, device)).json().token;
    const forget = await api.app.inject({
      method: 'POST',
      url: '/api/auth/forget-me',
      headers: bearer(partial),
    });
    expect(forget.json()).toEqual({ forgottenDeviceId: deviceId });
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(partial) }))
        .statusCode,
    ).toBe(401);
    expect((await partialLogin(arta, device)).json().code).toBe('DEVICE_NOT_TRUSTED');
    const actions = (
      await api.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject', '=', arta.customerId)
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'device.trusted',
        'login.partial',
        'device.forgotten',
        'forget-me',
        'smartotp.disabled',
      ]),
    );
  });
});
