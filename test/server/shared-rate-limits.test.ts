/**
 * Rate limits hold across server instances (issue 11): the per-IP limits live in Redis when
 * SMARTPAY_RATE_LIMIT_REDIS_URL is set (in process memory otherwise), and the per-CIF login limit
 * lives in the database, so two servers do not double either. Without a reachable Redis the Redis
 * test is skipped with a notice, except in CI, where .ci/run starts Redis and the test must run.
 */
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.ts';
import { startTestBank, type TestBank } from '../helpers/bank.ts';

const redisUrl = process.env.SMARTPAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname, () => done(true));
  });
}

const redisUp = await redisReachable(redisUrl);
if (!redisUp && process.env.CI !== 'true')
  console.warn(`NOTICE: Redis is not reachable at ${redisUrl}: the shared-store test is skipped`);

describe('rate limits shared by two server instances', () => {
  /** The database's bank; the servers under test are instances on its database. */
  let bank: TestBank;
  const servers: TestBank[] = [];
  beforeAll(async () => {
    bank = await startTestBank();
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await bank.close();
  });

  async function twoApps(env: Record<string, string>): Promise<[App, App]> {
    const one = await startTestBank({ sameDatabaseAs: bank, env });
    const two = await startTestBank({ sameDatabaseAs: bank, env });
    servers.push(one, two);
    return [one.app, two.app];
  }

  const login = (app: App, cif: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { cif, password: 'not the password' },
    });

  it.runIf(redisUp || process.env.CI === 'true')(
    'the per-IP limit counts in Redis: three attempts over two servers, the fourth is refused',
    async () => {
      const [one, two] = await twoApps({
        SMARTPAY_RATE_LIMIT_REDIS_URL: redisUrl,
        SMARTPAY_RATE_LIMIT_REDIS_PREFIX: `smartpay-test-${randomBytes(6).toString('hex')}-`,
        SMARTPAY_LOGIN_RATE_PER_IP: '3',
        SMARTPAY_LOGIN_RATE_PER_CIF: '1000',
      });
      const codes = [];
      for (const [i, app] of [one, two, one, two].entries())
        codes.push((await login(app, `1000000${i}`)).json().code);
      expect(codes).toEqual([
        'INVALID_CREDENTIALS',
        'INVALID_CREDENTIALS',
        'INVALID_CREDENTIALS',
        'RATE_LIMITED',
      ]);
    },
  );

  it('in process memory (no Redis), each server counts only its own attempts', async () => {
    const [one, two] = await twoApps({
      SMARTPAY_LOGIN_RATE_PER_IP: '2',
      SMARTPAY_LOGIN_RATE_PER_CIF: '1000',
    });
    const codes = [];
    for (const [i, app] of [one, two, one, two].entries())
      codes.push((await login(app, `2000000${i}`)).json().code);
    expect(codes).not.toContain('RATE_LIMITED');
    expect((await login(one, '20000009')).json().code).toBe('RATE_LIMITED');
  });

  it('the per-CIF limit counts in the database: two servers share it', async () => {
    const [one, two] = await twoApps({
      SMARTPAY_LOGIN_RATE_PER_IP: '1000',
      SMARTPAY_LOGIN_RATE_PER_CIF: '3',
    });
    const codes = [];
    for (const app of [one, two, one, two]) codes.push((await login(app, '30000001')).json().code);
    expect(codes[3]).toBe('RATE_LIMITED');
    expect(codes.slice(0, 3)).not.toContain('RATE_LIMITED');
  });
});
