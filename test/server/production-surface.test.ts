/**
 * What production shows the world (issue 11, defect 7): /metrics only on its own listener
 * (SMARTPAY_METRICS_PORT, loopback by default), and the API docs only when a setting turns
 * them on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { loadConfig } from '../../src/core/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { startMetricsListener } from '../../src/http/metrics.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const production = {
  NODE_ENV: 'production',
  SMARTPAY_QR_MAC_KEY: 'q'.repeat(40),
  SMARTPAY_OTP_HMAC_KEY: 'o'.repeat(40),
  SMARTPAY_SMS_PROVIDER: 'http',
  SMARTPAY_SMS_HTTP_URL: 'https://sms.example/send',
  SMARTPAY_PUBLIC_ORIGIN: 'https://pay.example',
  SMARTPAY_RECEIPT_SIGNING_KEY: 'ab'.repeat(32),
  LOG_LEVEL: 'silent',
};

describe('the public surface in production', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  // buildApp itself, from a production configuration alone: a test bank's configuration starts
  // from the test environment, which would blur what production shows.
  const appWith = (env: Record<string, string>) =>
    buildApp({ config: loadConfig(env), database, clock: new TestClock() });

  it('serves neither /metrics nor the docs on the public port by default', async () => {
    const app = await appWith(production);
    try {
      for (const url of ['/metrics', '/api/docs', '/api/openapi.json'])
        expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('serves the docs when SMARTPAY_API_DOCS turns them on', async () => {
    const app = await appWith({ ...production, SMARTPAY_API_DOCS: 'true' });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('puts metrics on a loopback listener of their own', async () => {
    const config = loadConfig(production);
    expect(config.metricsListener).toEqual({ host: '127.0.0.1', port: 9464 });
    const app = await appWith(production);
    await app.inject({ method: 'GET', url: '/health/live' });
    const listener = await startMetricsListener(app.metrics, { host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`${listener.url}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('http_request_duration_seconds');
      expect((await fetch(`${listener.url}/api/me`)).status).toBe(404);
    } finally {
      await listener.stop();
      await app.close();
    }
  });

  it('outside production, SMARTPAY_METRICS_PORT moves metrics off the app too', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).metricsListener).toBeUndefined();
    const env = { NODE_ENV: 'test', SMARTPAY_METRICS_PORT: '9999' };
    expect(loadConfig(env).metricsListener).toEqual({ host: '127.0.0.1', port: 9999 });
    const app = await appWith(env);
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
