/**
 * Every way a request can fail ends as RFC 9457 problem+json with a stable code: domain errors
 * through the one table, schema failures field by field, Fastify's client errors, rate limits,
 * and unexpected errors that leak nothing.
 */
import rateLimit from '@fastify/rate-limit';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.ts';
import { bodyBytesMax, type App } from '../../src/http/app.ts';
import { undeclaredProblemsMetric } from '../../src/http/error-handler.ts';
import { declaredCodes, problemKinds, problemResponses } from '../../src/http/problem.ts';
import { startTestBank, type TestBank } from '../helpers/bank.ts';
import { problemOf } from './support.ts';

const secretMessage = 'connection to 10.1.2.3 failed for user bank_admin';

/** Routes that exist only in this test, to make the app fail in each way it can. */
const failingRoutes: FastifyPluginAsyncTypebox = async (api) => {
  api.get(
    '/qr-used',
    { schema: { response: { 200: Type.Object({}), ...problemResponses('QR_USED') } } },
    () => {
      throw new DomainError('QR_USED', 'This QR code has already been paid.', {
        paidAmount: 1250n,
        requestId: 'forged',
        status: 200,
      });
    },
  );
  api.post(
    '/amounts',
    {
      schema: {
        body: Type.Object(
          {
            amount: Type.String({ pattern: '^\\d+(\\.\\d{1,2})?$' }),
            note: Type.Optional(Type.String({ maxLength: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ amount: Type.String() }), ...problemResponses() },
      },
    },
    async (request) => ({ amount: request.body.amount }),
  );
  // Documents QR_USED only: answering LIMIT_PER_DAY breaks the route's contract.
  api.get(
    '/undeclared',
    { schema: { response: { 200: Type.Object({}), ...problemResponses('QR_USED') } } },
    () => {
      throw new DomainError('LIMIT_PER_DAY', 'over the limit');
    },
  );
  api.get('/boom', () => {
    throw new Error(secretMessage);
  });
  api.get('/internal', () => {
    throw new DomainError('INTERNAL', secretMessage);
  });
  await api.register(async (limited) => {
    await limited.register(rateLimit, { max: 1, timeWindow: 60_000 });
    limited.get('/limited', async () => ({ ok: true }));
  });
};

let testApp: TestBank;
let app: App;

async function undeclaredCount(route: string, code: string): Promise<number> {
  const metric = await app.metrics.getSingleMetric(undeclaredProblemsMetric)?.get();
  const sample = metric?.values.find((v) => v.labels.route === route && v.labels.code === code);
  return sample?.value ?? 0;
}

beforeAll(async () => {
  testApp = await startTestBank({ routes: failingRoutes });
  app = testApp.app;
});

afterAll(async () => {
  await testApp?.close();
});

describe('problem+json answers', () => {
  it('an unknown route is a NOT_FOUND problem carrying the request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    const problem = problemOf(response);
    expect(problem).toMatchObject({
      type: 'urn:smartpay:problem:not-found',
      status: 404,
      code: 'NOT_FOUND',
      instance: '/api/nothing-here',
      requestId: response.headers['x-request-id'],
    });
    expect(String(problem.requestId)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a domain error is answered with its status and code, its details and money as strings', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/qr-used' });
    expect(response.statusCode).toBe(409);
    expect(problemOf(response)).toEqual({
      type: 'urn:smartpay:problem:qr-used',
      title: problemKinds.QR_USED.title,
      status: 409,
      detail: 'This QR code has already been paid.',
      code: 'QR_USED',
      instance: '/api/test/qr-used',
      requestId: response.headers['x-request-id'],
      paidAmount: '1250',
    });
  });

  it('a body that fails its schema lists every field at fault', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/amounts',
      payload: { amount: '12.345', note: 'far too long', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', field: 'extra', message: 'is not allowed' },
        { in: 'body', field: 'amount', message: expect.stringContaining('pattern') },
        { in: 'body', field: 'note', message: expect.stringContaining('5') },
      ]),
    );
    expect(problem.errors).toHaveLength(3);
  });

  it('a missing field is named, and a JSON number is not taken as a string amount', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/test/amounts', payload: {} });
    expect(problemOf(missing).errors).toEqual([
      { in: 'body', field: 'amount', message: 'is required' },
    ]);
    const number = await app.inject({
      method: 'POST',
      url: '/api/test/amounts',
      payload: { amount: 12.5 },
    });
    expect(number.statusCode).toBe(400);
    expect(problemOf(number).errors).toEqual([
      { in: 'body', field: 'amount', message: 'must be string' },
    ]);
    const valid = await app.inject({
      method: 'POST',
      url: '/api/test/amounts',
      payload: { amount: '12.50' },
    });
    expect(valid.json()).toEqual({ amount: '12.50' });
  });

  it('malformed JSON and oversized bodies are client problems with their own status', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/test/amounts',
      headers: { 'content-type': 'application/json' },
      payload: '{"amount": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(problemOf(malformed).code).toBe('VALIDATION_FAILED');
    const oversized = await app.inject({
      method: 'POST',
      url: '/api/test/amounts',
      payload: { amount: '1', note: 'x'.repeat(bodyBytesMax) },
    });
    expect(oversized.statusCode).toBe(413);
    expect(problemOf(oversized)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('an unexpected error is a bare 500 that leaks neither message nor stack', async () => {
    for (const url of ['/api/test/boom', '/api/test/internal']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(500);
      const problem = problemOf(response);
      expect(problem).toMatchObject({ code: 'INTERNAL', status: 500, title: 'Internal error' });
      expect(response.body).not.toContain('10.1.2.3');
      expect(response.body).not.toMatch(/stack|\.ts:\d+/);
    }
  });

  it('the rate limiter answers RATE_LIMITED', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/test/limited' });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({ method: 'GET', url: '/api/test/limited' });
    expect(second.statusCode).toBe(429);
    expect(problemOf(second)).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(second.headers['retry-after']).toBeDefined();
  });

  it('a problem the route does not document still answers, and is counted as a contract break', async () => {
    const before = await undeclaredCount('GET /api/test/undeclared', 'LIMIT_PER_DAY');
    const response = await app.inject({ method: 'GET', url: '/api/test/undeclared' });
    expect(problemOf(response).code).toBe('LIMIT_PER_DAY');
    expect(await undeclaredCount('GET /api/test/undeclared', 'LIMIT_PER_DAY')).toBe(before + 1);
    await app.inject({ method: 'GET', url: '/api/test/qr-used' });
    expect(await undeclaredCount('GET /api/test/qr-used', 'QR_USED')).toBe(0);
  });

  it('each documented problem sits under the status its code answers with', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        for (const [status, response] of Object.entries(operation.responses ?? {}))
          for (const code of declaredCodes(response)) {
            expect(String(problemKinds[code].status), `${method} ${path} ${code}`).toBe(status);
            checked++;
          }
    expect(checked).toBeGreaterThan(100);
  });
});
