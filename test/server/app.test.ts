/**
 * The HTTP skeleton through app.inject() on a real, migrated database: health, request ids,
 * security headers, OpenAPI and docs, metrics, and what route plugins can reach.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../src/core/clock.ts';
import { buildApp, type App } from '../../src/http/app.ts';
import { problemResponses } from '../../src/http/problem.ts';
import { createTestDatabase, engineName } from '../helpers/database.ts';
import { startTestBank, testConfig as config, type TestBank } from '../helpers/bank.ts';
import { problemOf } from './support.ts';

/** A documented route, as a module would write one, to see it in the OpenAPI document. */
const documentedRoutes: FastifyPluginAsyncTypebox = async (api) => {
  api.post(
    '/payments',
    {
      schema: {
        body: Type.Object({ quoteId: Type.String() }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.String() }),
          ...problemResponses('QR_USED', 'LIMIT_PER_DAY', 'INSUFFICIENT_FUNDS'),
        },
      },
    },
    async (_request, reply) => reply.code(201).send({ id: 'p1' }),
  );
  // What a module's route sees of the app it is registered in.
  api.get('/deps', async () => ({
    now: api.deps.clock.now().toISOString(),
    engine: api.deps.database.engine,
    origin: api.deps.config.publicOrigin,
  }));
};

let testApp: TestBank;
let app: App;

beforeAll(async () => {
  testApp = await startTestBank({ routes: documentedRoutes });
  app = testApp.app;
});

afterAll(async () => {
  await testApp?.close();
});

describe('health', () => {
  it('is live', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the database answers, and names the engine', async () => {
    const response = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: engineName });
  });

  it('is not ready while draining for shutdown', async () => {
    app.lifecycle.draining = true;
    try {
      const response = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(503);
      expect(problemOf(response)).toMatchObject({
        status: 503,
        detail: 'Not ready: shutting down.',
      });
    } finally {
      app.lifecycle.draining = false;
    }
  });

  it('is not ready when the database is closed, without saying why to the client', async () => {
    // buildApp itself, on a database the test closes under the app: a test bank's dispatcher
    // and close() need their database, so the bank cannot be this app.
    const own = await createTestDatabase();
    const other = await buildApp({ config, database: own, clock: new TestClock() });
    try {
      await own.close();
      const response = await other.inject({ method: 'GET', url: '/health/ready' });
      expect(response.statusCode).toBe(503);
      const problem = problemOf(response);
      expect(problem).toMatchObject({ status: 503, code: 'INTERNAL', instance: '/health/ready' });
      expect(problem.detail).toBe('Not ready: the database does not answer.');
    } finally {
      await other.close();
    }
  });
});

describe('request ids', () => {
  it('echoes a sane incoming x-request-id and uses it in problems', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/missing',
      headers: { 'x-request-id': 'edge-7f3a.91:b_2' },
    });
    expect(response.headers['x-request-id']).toBe('edge-7f3a.91:b_2');
    expect(problemOf(response).requestId).toBe('edge-7f3a.91:b_2');
  });

  it('replaces an id that could inject into logs or headers', async () => {
    for (const incoming of ['two words', 'x'.repeat(129), '"quoted"', '-leading-dash']) {
      const response = await app.inject({
        method: 'GET',
        url: '/health/live',
        headers: { 'x-request-id': incoming },
      });
      expect(response.headers['x-request-id']).not.toBe(incoming);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('security headers', () => {
  it('every answer carries a same-origin CSP and no-sniff, API answers are not cached', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/missing' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
    // Development on http://localhost must not be pinned to https.
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'SmartPay API', version: expect.any(String) });
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      cookieAuth: expect.objectContaining({ type: 'apiKey', in: 'cookie' }),
    });
    expect(document.paths['/health/ready'].get.responses).toHaveProperty('503');
    const payment = document.paths['/api/test/payments'].post;
    expect(payment.requestBody.content['application/json'].schema.required).toEqual(['quoteId']);
    // Its own refusals, plus what any route can answer (bad input, a database down, a bug).
    expect(Object.keys(payment.responses).sort()).toEqual([
      '201',
      '400',
      '409',
      '422',
      '500',
      '503',
    ]);
    expect(payment.responses['422'].description).toContain('LIMIT_PER_DAY');
    expect(payment.responses['422'].description).toContain('INSUFFICIENT_FUNDS');
    const problem = payment.responses['409'].content['application/problem+json'].schema;
    expect(problem.properties.code.enum).toContain('QR_USED');
    expect(document.paths).not.toHaveProperty('/metrics');
  });

  it('serves Swagger UI from local files with a CSP that lets it run', async () => {
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const bundle = await app.inject({
      method: 'GET',
      url: '/api/docs/static/swagger-ui-bundle.js',
    });
    expect(bundle.statusCode).toBe(200);
  });
});

describe('metrics', () => {
  it('exposes default metrics and the request duration histogram by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/no/such/route' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('process_cpu_user_seconds_total');
    expect(response.body).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/health\/live",status_code="200"\} [1-9]/,
    );
    expect(response.body).toContain('route="unmatched",status_code="404"');
    expect(response.body).not.toContain('/no/such/route');
  });

  it('each app has its own registry for modules to add metrics to', async () => {
    const other = await startTestBank({ sameDatabaseAs: testApp });
    try {
      expect(other.app.metrics).not.toBe(app.metrics);
      expect(
        await other.app.metrics.getSingleMetric('http_request_duration_seconds'),
      ).toBeDefined();
    } finally {
      await other.close();
    }
  });
});

describe('dependencies', () => {
  it('a route answers with the clock, database and config of its own app, not a shared one', async () => {
    const otherClock = new TestClock(new Date('2030-05-05T05:05:05.000Z'));
    const other = await startTestBank({
      sameDatabaseAs: testApp,
      env: { SMARTPAY_PUBLIC_ORIGIN: 'https://other.example' },
      clock: otherClock,
      routes: documentedRoutes,
    });
    try {
      const mine = (await app.inject({ method: 'GET', url: '/api/test/deps' })).json();
      const theirs = (await other.app.inject({ method: 'GET', url: '/api/test/deps' })).json();
      expect(mine).toEqual({
        now: '2026-06-15T10:00:00.000Z',
        engine: testApp.database.engine,
        origin: config.publicOrigin,
      });
      expect(theirs).toMatchObject({
        now: '2030-05-05T05:05:05.000Z',
        origin: 'https://other.example',
      });
      otherClock.advance(1000);
      expect((await other.app.inject({ method: 'GET', url: '/api/test/deps' })).json().now).toBe(
        '2030-05-05T05:05:06.000Z',
      );
    } finally {
      await other.close();
    }
  });
});
