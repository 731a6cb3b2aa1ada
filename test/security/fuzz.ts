/**
 * Schema fuzzing with fast-check: for every JSON endpoint, bodies (and query strings and path
 * ids) that mix valid values with every other JSON shape. The server must never answer 5xx,
 * every refusal must be problem+json, and a refusal must write nothing (checked by the caller on
 * the other customers' lists, balances and codes, and here on the fuzzing customer's own).
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { Answer, Bank } from './support/bank.ts';
import { tally } from './support/tally.ts';

/** Cases per endpoint; CI keeps the default so the suite stays within a few minutes. */
const runs = Number(process.env.SMARTPAY_FUZZ_RUNS ?? 12);
const seed = Number(process.env.SMARTPAY_FUZZ_SEED ?? 20261201);

interface Known {
  readonly qrAccountId: string;
  readonly accountCode: string;
  readonly bankAccountId: string;
}

const junk = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.uuid(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e400',
    'NaN',
    '99999999999999999999.99',
    '0000-01-01',
    '+275760-09-13T00:00:00.000Z',
    '__proto__',
    "' or 1=1 --",
    '\u0000',
    'a'.repeat(5000),
  ),
);

/** A field that is sometimes a plausible value, sometimes anything. */
const field = (...valid: readonly unknown[]) =>
  valid.length > 0 ? fc.oneof(fc.constantFrom(...valid), junk) : junk;

function body(fields: Record<string, fc.Arbitrary<unknown>>) {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

function endpoints(known: Known, other: Known) {
  const uuid = () => `01900000-0000-7000-8000-${randomBytes(6).toString('hex')}`;
  const ids = [known.qrAccountId, other.qrAccountId, uuid()];
  const amounts = ['1.00', '0.01', '0', '-5.00', '100000000.00', '1.001', '1,00'];
  return [
    {
      method: 'POST',
      path: '/api/auth/login',
      body: body({ cif: field('10000001', '1'), password: field('demo1234') }),
    },
    {
      method: 'POST',
      path: '/api/auth/login/otp',
      body: body({ challengeId: field(uuid()), code: field('1234', '12345') }),
    },
    {
      method: 'POST',
      path: '/api/auth/login/otp/resend',
      body: body({ challengeId: field(uuid()) }),
    },
    { method: 'POST', path: '/api/auth/smartotp/options', body: body({ cif: field('10000001') }) },
    {
      method: 'POST',
      path: '/api/auth/login/smartotp',
      body: body({
        cif: field('10000001'),
        password: field('x'),
        assertion: field({}, { id: 'x', response: {} }),
      }),
    },
    { method: 'POST', path: '/api/enrollment', body: body({ termsVersion: field('2026-01', '') }) },
    { method: 'PUT', path: '/api/me/smartotp', body: body({ enabled: field('true', 1, 'yes') }) },
    {
      method: 'POST',
      path: '/api/devices',
      body: body({ response: field({ id: 'x', response: {} }), name: field('Telefoni') }),
    },
    {
      method: 'POST',
      path: '/api/qr-accounts',
      body: body({ bankAccountId: field(other.bankAccountId, uuid()) }),
    },
    {
      method: 'POST',
      path: '/api/requests',
      body: body({ qrAccountId: field(...ids), amount: field(...amounts), note: field('Drekë') }),
    },
    {
      method: 'POST',
      path: '/api/payments/quotes',
      body: body({
        payload: field(other.accountCode.slice(0, -3), `${other.accountCode}0`),
        fromQrAccountId: field(...ids),
        amount: field(...amounts),
      }),
    },
    { method: 'POST', path: '/api/payments', body: body({ quoteId: field(uuid()) }), key: true },
  ] as const;
}

const queries: readonly (readonly [string, Record<string, fc.Arbitrary<unknown>>])[] = [
  [
    '/api/requests',
    {
      status: field('open', 'paid'),
      cursor: field('MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDAx'),
      limit: field(1, 0, 101, '5'),
    },
  ],
  [
    '/api/payments',
    {
      direction: field('incoming', 'sideways'),
      cursor: field('abc'),
      limit: field(1, -1),
      qrAccountId: field('x'),
    },
  ],
  [
    '/api/payments.csv',
    { from: field('2026-01-01', '2026-13-01'), to: field('2026-12-31', '9999-99-99') },
  ],
] as const;

const pathIds = [
  '/api/requests/',
  '/api/payments/',
  '/api/qr-accounts/',
  '/api/requests/{}/qr.png',
];

function check(cls: string, label: string, answer: Answer): void {
  const problem = (answer.headers.get('content-type') ?? '').startsWith('application/problem+json');
  const held = answer.status < 500 && (answer.status < 400 || problem);
  tally(cls, label, held, `${answer.status} ${answer.text.slice(0, 160)}`);
}

export async function fuzzEveryJsonEndpoint(
  bank: Bank,
  options: { token: string; cls: string; self: Known; other: Known },
): Promise<{ writesAccepted: number }> {
  const { token, cls } = options;
  let writesAccepted = 0;
  for (const endpoint of endpoints(options.self, options.other)) {
    const cases = fc.sample(endpoint.body, { numRuns: runs, seed });
    for (const [i, value] of cases.entries()) {
      const answer = await bank.call(endpoint.method, endpoint.path, {
        token,
        raw: JSON.stringify(value) ?? 'null',
        headers: 'key' in endpoint ? { 'idempotency-key': `fuzz-${i}-${seed}` } : {},
      });
      check(cls, `${endpoint.method} ${endpoint.path} #${i}`, answer);
      if (answer.status < 300) writesAccepted += 1;
    }
  }
  for (const [path, fields] of queries) {
    const cases = fc.sample(fc.record(fields, { requiredKeys: [] }), { numRuns: runs, seed });
    for (const [i, value] of cases.entries()) {
      const query = new URLSearchParams(
        Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      check(cls, `GET ${path}?… #${i}`, await bank.call('GET', `${path}?${query}`, { token }));
    }
  }
  const idCases = fc.sample(fc.oneof(fc.string({ minLength: 1 }), fc.uuid(), junk.map(String)), {
    numRuns: runs,
    seed,
  });
  for (const base of pathIds)
    for (const [i, id] of idCases.entries()) {
      const encoded = encodeURIComponent(id || 'x');
      const path = base.includes('{}') ? base.replace('{}', encoded) : `${base}${encoded}`;
      check(cls, `GET ${base}:id #${i}`, await bank.call('GET', path, { token }));
    }
  return { writesAccepted };
}
