/**
 * Inputs the attack suite found answering 500 (issue 11, defect 5): each is a 400 problem, and
 * the schemas carry the formats so the OpenAPI document says what is accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import {
  bearer,
  customerWithMoney,
  enrolledLogin,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';

const someId = '01900000-0000-7000-8000-000000000000';
const cursorAt = (iso: string) => Buffer.from(`${iso}|${someId}`).toString('base64url');
const farFuture = '+275760-09-13T00:00:00.000Z';
const yearZero = '0000-01-01T00:00:00.000Z';

describe(`malformed inputs are 400 problems on ${engineName}`, () => {
  let api: TestBank;
  let token: string;
  beforeAll(async () => {
    api = await startTestBank();
    token = await enrolledLogin(api, await customerWithMoney(api.database.db));
  });
  afterAll(async () => {
    await api.close();
  });

  const expectValidationProblem = (response: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): { code?: string };
  }) => {
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  };

  it('a challengeId that is not a UUID, at the OTP step and at resend', async () => {
    for (const url of ['/api/auth/login/otp', '/api/auth/login/otp/resend'])
      expectValidationProblem(
        await api.app.inject({
          method: 'POST',
          url,
          payload: { challengeId: 'abc', code: '1234' },
        }),
      );
  });

  it('a quoteId that is not a UUID', async () => {
    expectValidationProblem(
      await api.app.inject({
        method: 'POST',
        url: '/api/payments',
        headers: { ...bearer(token), 'idempotency-key': 'k-1234567890' },
        payload: { quoteId: 'abc' },
      }),
    );
  });

  it.each([
    ['/api/requests', farFuture],
    ['/api/requests', yearZero],
    ['/api/payments?direction=incoming&', farFuture],
    ['/api/payments?direction=outgoing&', yearZero],
  ])('a cursor on %s dated %s, outside the database range', async (path, iso) => {
    const url = `${path}${path.includes('?') ? '' : '?'}cursor=${cursorAt(iso)}`;
    expectValidationProblem(await api.app.inject({ method: 'GET', url, headers: bearer(token) }));
  });

  it.each(['from=0000-01-01&to=2026-01-01', 'from=2026-01-01&to=+10000-01-01'])(
    'a CSV export %s',
    async (query) => {
      expectValidationProblem(
        await api.app.inject({
          method: 'GET',
          url: `/api/payments.csv?${query}`,
          headers: bearer(token),
        }),
      );
    },
  );

  it('the OpenAPI document carries the formats', async () => {
    const document = (await api.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const bodyOf = (path: string) =>
      document.paths[path].post.requestBody.content['application/json'].schema.properties;
    expect(bodyOf('/api/auth/login/otp').challengeId.format).toBe('uuid');
    expect(bodyOf('/api/auth/login/otp/resend').challengeId.format).toBe('uuid');
    expect(bodyOf('/api/payments').quoteId.format).toBe('uuid');
    const csv = document.paths['/api/payments.csv'].get.parameters;
    expect(csv.find((p: { name: string }) => p.name === 'from').schema.format).toBe('date');
  });

  it('GET /api/payments without direction lists incoming payments, the documented default', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/api/payments',
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });
});
