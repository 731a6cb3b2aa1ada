/**
 * The live event stream ends with its session (issue 11, defect 4), whatever ends it: "Dalja",
 * "Më harro", the idle or the absolute timeout, or the device that opened it being forgotten.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { fullTokenAgain, partialSession } from '../helpers/payments.ts';

const endMsMax = 4_000;

/** Opens the stream and resolves `ended` when the server closes it. */
async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/events`, {
    headers: bearer(token),
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let text = '';
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return text;
      text += new TextDecoder().decode(value);
    }
  })();
  return {
    ended,
    close: () => controller.abort(),
    async endsWithin(ms: number): Promise<boolean> {
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
      return Promise.race([ended.then(() => true), timeout]);
    },
  };
}

describe(`the event stream ends with its session on ${engineName}`, () => {
  let api: TestBank;
  let url: string;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await api.close();
  });

  const post = (path: string, token: string, payload?: object) =>
    api.app.inject({
      method: 'POST',
      url: path,
      headers: bearer(token),
      ...(payload ? { payload } : {}),
    });
  let customers = 0;
  const customer = (): Promise<SmartPayCustomer> =>
    customerWithQrAccount(api, `Klienti ${String.fromCharCode(65 + customers++)}. Test`);

  it('"Dalja" (logout)', async () => {
    const arta = await customer();
    const stream = await openStream(url, arta.token);
    expect(await stream.endsWithin(300)).toBe(false);
    expect((await post('/api/auth/logout', arta.token)).statusCode).toBe(204);
    expect(await stream.endsWithin(endMsMax)).toBe(true);
    expect(await stream.ended).toContain('event: session.ended');
  });

  it('"Më harro"', async () => {
    const besa = await customer();
    const stream = await openStream(url, besa.token);
    expect((await post('/api/auth/forget-me', besa.token)).statusCode).toBe(200);
    expect(await stream.endsWithin(endMsMax)).toBe(true);
  });

  it('the device that opened the session is forgotten', async () => {
    const drita = await customer();
    const partial = await partialSession(api, drita);
    const me = await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(partial) });
    const stream = await openStream(url, partial);
    const forgotten = await api.app.inject({
      method: 'DELETE',
      url: `/api/devices/${me.json().currentDeviceId}`,
      headers: bearer(drita.token),
    });
    expect(forgotten.statusCode).toBe(204);
    expect(await stream.endsWithin(endMsMax)).toBe(true);
  });

  it('the idle timeout, then the absolute timeout', async () => {
    const era = await customer();
    const idle = await openStream(url, era.token);
    api.clock.advance(5 * 60_000);
    expect(await idle.endsWithin(endMsMax)).toBe(true);

    const token = await fullTokenAgain(api, era);
    const absolute = await openStream(url, token);
    // Requests keep the session from going idle; the absolute limit ends it anyway.
    for (let minute = 0; minute < 30; minute += 4) {
      api.clock.advance(4 * 60_000);
      await api.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    }
    expect(await absolute.endsWithin(endMsMax)).toBe(true);
  });
});
