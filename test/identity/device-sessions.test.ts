/**
 * A trusted device's sessions end with its trust (issue 11, defects 3 and 10): forgetting the
 * device, switching SmartOTP off and "Më harro" end every session the device opened, and neither
 * the options nor "Më harro" tell one customer anything about another's devices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe(`the sessions of a trusted device on ${engineName}`, () => {
  let api: TestBank;
  beforeAll(async () => {
    api = await startTestBank();
  });
  afterAll(async () => {
    await api.close();
  });

  const post = (url: string, token: string | undefined, payload?: object) =>
    api.app.inject({
      method: 'POST',
      url,
      headers: token ? bearer(token) : {},
      ...(payload ? { payload } : {}),
    });

  async function trustedDevice(customer: TestCustomer) {
    const device = new SoftAuthenticator(api.config.publicOrigin, api.config.webauthnRpId);
    const token = await fullLogin(api, customer);
    const options = await post('/api/devices/registration/options', token);
    const trusted = await post('/api/devices', token, {
      response: device.register(options.json()),
      name: 'Telefoni',
    });
    expect(trusted.statusCode).toBe(201);
    return { device, deviceId: trusted.json().id as string, fullToken: token };
  }

  async function partialLogin(customer: TestCustomer, device: SoftAuthenticator) {
    const options = await post('/api/auth/smartotp/options', undefined, { cif: customer.cif });
    const login = await post('/api/auth/login/smartotp', undefined, {
      cif: customer.cif,
      password: customer.password,
      assertion: device.assert(options.json()),
    });
    expect(login.statusCode).toBe(200);
    return login.json().token as string;
  }

  const meStatus = async (token: string) =>
    (await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode;

  it('forgetting a device (DELETE /api/devices/{id}) ends the partial sessions it opened', async () => {
    const arta = await customerWithMoney(api.database.db, { name: 'Arta Krasniqi' });
    const { device, deviceId } = await trustedDevice(arta);
    const partial = [await partialLogin(arta, device), await partialLogin(arta, device)];
    const full = await fullLogin(api, arta);
    const forgotten = await api.app.inject({
      method: 'DELETE',
      url: `/api/devices/${deviceId}`,
      headers: bearer(full),
    });
    expect(forgotten.statusCode).toBe(204);
    for (const token of partial) expect(await meStatus(token)).toBe(401);
    expect(await meStatus(full)).toBe(200);
  });

  it('switching SmartOTP off ends every partial session', async () => {
    const besa = await customerWithMoney(api.database.db, { name: 'Besa Gashi' });
    const { device } = await trustedDevice(besa);
    const partial = await partialLogin(besa, device);
    const full = await fullLogin(api, besa);
    const off = await api.app.inject({
      method: 'PUT',
      url: '/api/me/smartotp',
      headers: bearer(full),
      payload: { enabled: false },
    });
    expect(off.json()).toEqual({ enabled: false });
    expect(await meStatus(partial)).toBe(401);
    expect(await meStatus(full)).toBe(200);
  });

  it('"Më harro" from a full session naming the device ends the sessions that device opened', async () => {
    const drita = await customerWithMoney(api.database.db, { name: 'Drita Hoxha' });
    const { device, deviceId } = await trustedDevice(drita);
    const partial = await partialLogin(drita, device);
    const full = await fullLogin(api, drita);
    const forget = await post('/api/auth/forget-me', full, { deviceId });
    expect(forget.json()).toEqual({ forgottenDeviceId: deviceId });
    expect(await meStatus(partial)).toBe(401);
    expect(await meStatus(full)).toBe(401);
  });

  it('"Më harro" naming another customer\'s device is NOT_FOUND and forgets nothing', async () => {
    const era = await customerWithMoney(api.database.db, { name: 'Era Berisha' });
    const { device, deviceId } = await trustedDevice(era);
    const mallory = await customerWithMoney(api.database.db, { name: 'Mallory Malo' });
    const malloryToken = await fullLogin(api, mallory);
    const forget = await post('/api/auth/forget-me', malloryToken, { deviceId });
    expect(forget.statusCode).toBe(404);
    expect(forget.json().code).toBe('NOT_FOUND');
    expect(await meStatus(await partialLogin(era, device))).toBe(200);
  });

  it('assertion options have the same shape for a CIF with a trusted device and for a decoy', async () => {
    const fatos = await customerWithMoney(api.database.db, { name: 'Fatos Kelmendi' });
    await trustedDevice(fatos);
    const withoutDevice = await customerWithMoney(api.database.db, { name: 'Gent Shala' });
    const optionsOf = async (cif: string) =>
      (await post('/api/auth/smartotp/options', undefined, { cif })).json();
    const real = shapeOf(await optionsOf(fatos.cif));
    expect(shapeOf(await optionsOf(withoutDevice.cif))).toEqual(real);
    expect(shapeOf(await optionsOf('77777777'))).toEqual(real);
  });
});

/** The keys and value types of a JSON document, not the values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, k === 'challenge' ? 'challenge' : shapeOf(v)]),
    );
  return typeof value;
}
