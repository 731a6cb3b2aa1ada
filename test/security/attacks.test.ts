/**
 * `npm run test:security`: attacks on a real server process over HTTP. Each `it` is an attack
 * class; every attempt is tallied (tried, refused as it must be, unexpected) and the table is
 * printed and stored under test/results/ at the end. Any unexpected outcome fails its class.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTlv, withCrc } from '../../src/qr/emv.ts';
import { edit, encodeFields, fieldsOf, setSub } from '../qr/payloads.ts';
import { SoftAuthenticator } from '../helpers/webauthn.ts';
import { enrolledLogin, fullLogin, lastSmsId, smsCode } from '../helpers/bank.ts';
import { type Bank, type Customer, newCustomer, startBank } from './support/bank.ts';
import { expectRefused, printAndStore, resultOf, tally } from './support/tally.ts';
import { fuzzEveryJsonEndpoint } from './fuzz.ts';

interface Party extends Customer {
  token: string;
  bankAccountId: string;
  qrAccountId: string;
  accountCode: string;
}

let bank: Bank;
let arta: Party;
let besa: Party;
const startedAt = Date.now();

async function party(name: string): Promise<Party> {
  const customer = await newCustomer(bank, name);
  const token = await enrolledLogin(bank, customer);
  const accounts = await bank.call('GET', '/api/bank-accounts', { token });
  const bankAccountId = (accounts.json as unknown as { id: string }[])[0]!.id;
  const opened = await bank.call('POST', '/api/qr-accounts', { token, body: { bankAccountId } });
  if (opened.status !== 201) throw new Error(`QR account: ${opened.text}`);
  const qr = opened.json as { id: string; accountCode: { payload: string } };
  return {
    ...customer,
    token,
    bankAccountId,
    qrAccountId: qr.id,
    accountCode: qr.accountCode.payload,
  };
}

async function request(payee: Party, amount = '2.00', note?: string) {
  const created = await bank.call('POST', '/api/requests', {
    token: payee.token,
    body: { qrAccountId: payee.qrAccountId, amount, ...(note ? { note } : {}) },
  });
  if (created.status !== 201) throw new Error(`request: ${created.text}`);
  return created.json as { id: string; payload: string };
}

const quote = (payer: Party, payload: string, amount?: string) =>
  bank.call('POST', '/api/payments/quotes', {
    token: payer.token,
    body: { payload, fromQrAccountId: payer.qrAccountId, ...(amount ? { amount } : {}) },
  });

/** `again`: the payer means to pay the same payee the same amount again (no duplicate question). */
async function pay(payer: Party, payload: string, amount?: string, again = false) {
  const quoted = await quote(payer, payload, amount);
  if (quoted.status !== 201) return quoted;
  return bank.call('POST', '/api/payments', {
    token: payer.token,
    headers: { 'idempotency-key': `key-${randomBytes(8).toString('hex')}` },
    body: { quoteId: quoted.json.quoteId, ...(again ? { confirmDuplicate: true } : {}) },
  });
}

/** What must not move on a refusal: balances, lists, codes. */
async function footprint(who: Party) {
  const [accounts, requests, qrAccounts, incoming, outgoing] = await Promise.all([
    bank.call('GET', '/api/bank-accounts', { token: who.token }),
    bank.call('GET', '/api/requests?limit=100', { token: who.token }),
    bank.call('GET', '/api/qr-accounts', { token: who.token }),
    bank.call('GET', '/api/payments?direction=incoming&limit=100', { token: who.token }),
    bank.call('GET', '/api/payments?direction=outgoing&limit=100', { token: who.token }),
  ]);
  return JSON.stringify([
    accounts.json,
    requests.json,
    qrAccounts.json,
    incoming.json,
    outgoing.json,
  ]);
}

let expiring: { id: string; payload: string };
let sleeperToken: string;
let sleeperAt = 0;
let expiringAt = 0;

beforeAll(async () => {
  bank = await startBank();
  // Requests valid one minute: one made now has expired by the time the codes class runs.
  await bank.cli('settings set', { key: 'requests.validityMinutes', value: '1' });
  arta = await party('Arta Krasniqi');
  besa = await party('Besa Gashi');
  expiring = await request(arta, '1.00');
  expiringAt = Date.now();
  await bank.cli('settings set', { key: 'requests.validityMinutes', value: '1440' });
  // A session left alone from now on, to find expired at the end.
  sleeperToken = await fullLogin(bank, await newCustomer(bank, 'Drita Hoxha'));
  sleeperAt = Date.now();
}, 600_000);

afterAll(async () => {
  const table = printAndStore({
    engine: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
  });
  console.log(`\nSmartPay attack suite\n${table}\n`);
  await bank?.stop();
}, 120_000);

function clean(attackClass: string) {
  const result = resultOf(attackClass);
  expect(result.tried, `${attackClass}: nothing was tried`).toBeGreaterThan(0);
  expect(result.notes, attackClass).toEqual([]);
  expect(result.unexpected).toBe(0);
}

describe.sequential('attacks on a running SmartPay server', () => {
  it("ownership: another customer's ids on every id-bearing route", async () => {
    const cls = 'ownership';
    const own = await request(arta, '3.00');
    const era = await party('Era Berisha');
    const paid = await pay(era, arta.accountCode, '1.00');
    expect(paid.status).toBe(201);
    const paymentId = String(paid.json.id);
    const quoteOfArta = await quote(arta, besa.accountCode, '1.00');
    const device = new SoftAuthenticator(bank.origin, bank.config.webauthnRpId);
    const regOptions = await bank.call('POST', '/api/devices/registration/options', {
      token: arta.token,
    });
    const trusted = await bank.call('POST', '/api/devices', {
      token: arta.token,
      body: { response: device.register(regOptions.json as never), name: 'Telefoni' },
    });
    const artaDevice = String(trusted.json.id);
    const mallory = besa.token;
    const notFound = ['NOT_FOUND'];
    const attempts: [string, string, string, unknown?][] = [
      ['GET', `/api/qr-accounts/${arta.qrAccountId}`, 'qr account'],
      ['GET', `/api/qr-accounts/${arta.qrAccountId}/code`, 'account code'],
      ['GET', `/api/qr-accounts/${arta.qrAccountId}/code.png`, 'account code png'],
      ['GET', `/api/qr-accounts/${arta.qrAccountId}/code.svg`, 'account code svg'],
      ['DELETE', `/api/qr-accounts/${arta.qrAccountId}?confirm=true`, 'delete qr account'],
      ['GET', `/api/requests/${own.id}`, 'request'],
      ['GET', `/api/requests/${own.id}/qr.png`, 'request png'],
      ['GET', `/api/requests/${own.id}/qr.svg`, 'request svg'],
      ['POST', `/api/requests/${own.id}/cancel`, 'cancel request'],
      [
        'POST',
        '/api/requests',
        'request on their QR account',
        { qrAccountId: arta.qrAccountId, amount: '5.00' },
      ],
      [
        'POST',
        '/api/qr-accounts',
        'QR account on their bank account',
        { bankAccountId: arta.bankAccountId },
      ],
      ['GET', `/api/payments/${paymentId}`, 'receipt of a payment between others'],
      [
        'POST',
        '/api/payments/quotes',
        'pay from their QR account',
        { payload: besa.accountCode, fromQrAccountId: arta.qrAccountId, amount: '1.00' },
      ],
      ['DELETE', `/api/devices/${artaDevice}`, 'forget their device'],
      ['POST', '/api/auth/forget-me', '"Më harro" with their device', { deviceId: artaDevice }],
    ];
    for (const [method, path, label, body] of attempts) {
      const answer = await bank.call(method, path, { token: mallory, ...(body ? { body } : {}) });
      expectRefused(cls, label, answer, notFound, 404);
      if (path === '/api/auth/forget-me') besa.token = await fullLogin(bank, besa);
    }
    // Confirming another customer's quote.
    const confirm = await bank.call('POST', '/api/payments', {
      token: besa.token,
      headers: { 'idempotency-key': `key-${randomBytes(8).toString('hex')}` },
      body: { quoteId: quoteOfArta.json.quoteId },
    });
    expectRefused(
      cls,
      "confirm another customer's quote",
      confirm,
      ['NOT_FOUND', 'QUOTE_EXPIRED'],
      404,
    );
    // Lists filtered by their ids show nothing of theirs.
    for (const path of [
      `/api/payments?direction=incoming&qrAccountId=${arta.qrAccountId}`,
      `/api/requests?qrAccountId=${arta.qrAccountId}`,
    ]) {
      const answer = await bank.call('GET', path, { token: besa.token });
      const items = (answer.json.items as unknown[] | undefined) ?? [];
      tally(
        cls,
        `list ${path}`,
        answer.status === 400 || answer.status === 404 || items.length === 0,
        answer.text.slice(0, 200),
      );
    }
    const accounts = await bank.call('GET', '/api/bank-accounts', { token: besa.token });
    tally(cls, 'bank accounts list', !accounts.text.includes(arta.bankAccountId));
    const csv = await bank.call('GET', '/api/payments.csv?from=2000-01-01&to=2999-12-31', {
      token: besa.token,
    });
    const artaOnly = await request(arta, '4.00');
    await pay(arta, artaOnly.payload);
    tally(
      cls,
      'CSV holds only own payments',
      csv.status === 200 && !csv.text.includes(String(artaOnly.id)),
    );
    // Events: a stream of Besa's does not hear a payment to Arta.
    const controller = new AbortController();
    const stream = await fetch(`${bank.url}/api/events`, {
      headers: { authorization: `Bearer ${besa.token}` },
      signal: controller.signal,
    });
    let heard = '';
    const reading = (async () => {
      const reader = stream.body!.getReader();
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        heard += new TextDecoder().decode(value);
      }
    })();
    const toArta = await pay(era, arta.accountCode, '1.10');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    controller.abort();
    await reading;
    tally(cls, 'events stream hears only own events', !heard.includes(String(toArta.json.id)));
    clean(cls);
  });

  it('password brute force and the lockout', async () => {
    const cls = 'password brute force';
    const victim = await newCustomer(bank, 'Fatos Kelmendi');
    for (let i = 0; i < 4; i++)
      expectRefused(
        cls,
        `wrong password ${i + 1}`,
        await bank.call('POST', '/api/auth/login', {
          body: { cif: victim.cif, password: `guess-${i}` },
        }),
        ['INVALID_CREDENTIALS'],
        401,
      );
    expectRefused(
      cls,
      'fifth wrong password locks',
      await bank.call('POST', '/api/auth/login', {
        body: { cif: victim.cif, password: 'guess-5' },
      }),
      ['ACCOUNT_LOCKED'],
    );
    expectRefused(
      cls,
      'right password while locked',
      await bank.call('POST', '/api/auth/login', { body: victim }),
      ['ACCOUNT_LOCKED'],
    );
    expectRefused(
      cls,
      'SmartOTP while locked',
      await bank.call('POST', '/api/auth/login/smartotp', { body: { ...victim, assertion: {} } }),
      ['ACCOUNT_LOCKED'],
    );
    // An unknown CIF locks exactly like a real one.
    for (let i = 0; i < 4; i++)
      expectRefused(
        cls,
        `unknown CIF ${i + 1}`,
        await bank.call('POST', '/api/auth/login', {
          body: { cif: '99999901', password: `guess-${i}` },
        }),
        ['INVALID_CREDENTIALS'],
        401,
      );
    expectRefused(
      cls,
      'unknown CIF locks',
      await bank.call('POST', '/api/auth/login', { body: { cif: '99999901', password: 'x' } }),
      ['ACCOUNT_LOCKED'],
    );
    await bank.cli('customer unlock', { cif: victim.cif });
    tally(
      cls,
      'operator unlock lets the right password in',
      (await bank.call('POST', '/api/auth/login', { body: victim })).status === 200,
    );
    clean(cls);
  });

  it('OTP guessing within and across challenges', async () => {
    const cls = 'OTP guessing';
    const victim = await newCustomer(bank, 'Gent Shala');
    let wrongSoFar = 0;
    let lockedAt = -1;
    for (let challenge = 0; challenge < 4 && lockedAt < 0; challenge++) {
      const before = await lastSmsId(bank, victim.cif);
      const login = await bank.call('POST', '/api/auth/login', { body: victim });
      if (login.status !== 200) {
        expectRefused(cls, 'login while locked', login, ['ACCOUNT_LOCKED']);
        break;
      }
      const { code } = await smsCode(bank, victim.cif, before);
      const wrong = code === '0000' ? '1111' : '0000';
      for (let i = 0; i < 3; i++) {
        const answer = await bank.call('POST', '/api/auth/login/otp', {
          body: { challengeId: login.json.challengeId, code: wrong },
        });
        wrongSoFar += 1;
        expectRefused(
          cls,
          `wrong code ${wrongSoFar}`,
          answer,
          wrongSoFar >= 10 ? ['ACCOUNT_LOCKED'] : ['OTP_INVALID'],
        );
        if (answer.json.code === 'ACCOUNT_LOCKED') {
          lockedAt = wrongSoFar;
          break;
        }
      }
      if (lockedAt < 0)
        expectRefused(
          cls,
          'right code after three wrong ones',
          await bank.call('POST', '/api/auth/login/otp', {
            body: { challengeId: login.json.challengeId, code },
          }),
          ['OTP_INVALID'],
        );
    }
    tally(cls, 'the budget of 10 wrong codes locks', lockedAt === 10, `locked at ${lockedAt}`);
    expectRefused(
      cls,
      'right password after the OTP lockout',
      await bank.call('POST', '/api/auth/login', { body: victim }),
      ['ACCOUNT_LOCKED'],
    );
    clean(cls);
  });

  it('OTP and WebAuthn replay, cloned counter, wrong origin and RP id', async () => {
    const cls = 'replay and cloning';
    const victim = await newCustomer(bank, 'Hana Morina');
    const before = await lastSmsId(bank, victim.cif);
    const login = await bank.call('POST', '/api/auth/login', { body: victim });
    const { code } = await smsCode(bank, victim.cif, before);
    const first = await bank.call('POST', '/api/auth/login/otp', {
      body: { challengeId: login.json.challengeId, code },
    });
    expect(first.status).toBe(200);
    expectRefused(
      cls,
      'OTP code replayed',
      await bank.call('POST', '/api/auth/login/otp', {
        body: { challengeId: login.json.challengeId, code },
      }),
      ['OTP_INVALID'],
    );
    const token = first.json.token as string;
    const device = new SoftAuthenticator(bank.origin, bank.config.webauthnRpId);
    const reg = await bank.call('POST', '/api/devices/registration/options', { token });
    expect(
      (
        await bank.call('POST', '/api/devices', {
          token,
          body: { response: device.register(reg.json as never) },
        })
      ).status,
    ).toBe(201);
    const options = async () =>
      (await bank.call('POST', '/api/auth/smartotp/options', { body: { cif: victim.cif } }))
        .json as never;
    const smartOtp = (assertion: unknown) =>
      bank.call('POST', '/api/auth/login/smartotp', { body: { ...victim, assertion } });
    const good = device.assert(await options());
    expect((await smartOtp(good)).status).toBe(200);
    expectRefused(cls, 'assertion replayed', await smartOtp(good), ['DEVICE_NOT_TRUSTED']);
    expectRefused(
      cls,
      'cloned authenticator (counter went back)',
      await smartOtp(device.assert(await options(), { counter: 1 })),
      ['DEVICE_NOT_TRUSTED'],
    );
    // Five failed attempts would lock the login (they count like wrong passwords): unlock once.
    await bank.cli('customer unlock', { cif: victim.cif });
    const elsewhere = variant(device, { origin: 'https://evil.example' });
    expectRefused(
      cls,
      'assertion made for another origin',
      await smartOtp(elsewhere.assert(await options())),
      ['DEVICE_NOT_TRUSTED'],
    );
    const otherRp = variant(device, { rpId: 'evil.example' });
    expectRefused(
      cls,
      'assertion for another RP id',
      await smartOtp(otherRp.assert(await options())),
      ['DEVICE_NOT_TRUSTED'],
    );
    expectRefused(
      cls,
      'assertion without user verification',
      await smartOtp(device.assert(await options(), { userVerified: false })),
      ['DEVICE_NOT_TRUSTED'],
    );
    await bank.cli('customer unlock', { cif: victim.cif });
    clean(cls);
  });

  it('tampered payloads: each field edited, CRC recomputed', async () => {
    const cls = 'tampered payloads';
    const target = await request(arta, '7.00', 'Kafe');
    const edits: [string, (f: Map<string, string>) => void][] = [
      ['00 format', (f) => f.set('00', '02')],
      ['01 kind', (f) => f.set('01', '11')],
      ['26/00 scheme', (f) => setSub(f, '26', '00', 'xk.other.bank')],
      ['26/01 reference', (f) => setSub(f, '26', '01', 'A'.repeat(32))],
      ['26/02 MAC', (f) => setSub(f, '26', '02', 'B'.repeat(26))],
      ['52 category', (f) => f.set('52', '5411')],
      ['53 currency', (f) => f.set('53', '840')],
      ['54 amount', (f) => f.set('54', '0.01')],
      ['54 removed', (f) => f.delete('54')],
      ['58 country', (f) => f.set('58', 'AL')],
      ['59 name', (f) => f.set('59', 'MALLORY M.')],
      ['60 city', (f) => f.set('60', 'Tirana')],
      ['62/05 label', (f) => setSub(f, '62', '05', 'XXXX')],
      ['62/08 note', (f) => setSub(f, '62', '08', 'PAY MORE')],
      ['64/00 language', (f) => setSub(f, '64', '00', 'en')],
      ['64/01 local name', (f) => setSub(f, '64', '01', 'Mallory M.')],
      ['extra tag 99', (f) => f.set('99', 'x')],
    ];
    for (const [label, change] of edits)
      expectRefused(cls, label, await quote(besa, edit(target.payload, change)), ['QR_INVALID']);
    const broken = `${target.payload.slice(0, -4)}0000`;
    expectRefused(cls, 'CRC not recomputed', await quote(besa, broken), ['QR_INVALID']);
    clean(cls);
  });

  it('forged payloads: a random reference with a valid CRC', async () => {
    const cls = 'forged payloads';
    for (let i = 0; i < 8; i++) {
      const reference = Array.from(
        randomBytes(32),
        (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32],
      ).join('');
      const forged = edit(arta.accountCode, (f) => {
        setSub(f, '26', '01', reference);
        setSub(f, '62', '05', reference.slice(-8));
      });
      expectRefused(cls, `forged reference ${i + 1}`, await quote(besa, forged, '1.00'), [
        'QR_INVALID',
      ]);
    }
    const fields = fieldsOf(arta.accountCode.slice(0, -8));
    expectRefused(
      cls,
      'payload rebuilt from parts',
      await quote(besa, withCrc(encodeFields(fields)).replace(/.$/, 'X'), '1.00'),
      ['QR_INVALID'],
    );
    tally(cls, 'parser sanity', parseTlv(arta.accountCode).length > 5);
    clean(cls);
  });

  it('used, cancelled, expired and deleted-account codes', async () => {
    const cls = 'dead codes';
    const used = await request(arta, '1.50');
    expect((await pay(besa, used.payload)).status).toBe(201);
    expectRefused(cls, 'paid request paid again', await pay(besa, used.payload), ['QR_USED']);
    const cancelled = await request(arta, '1.60');
    expect(
      (await bank.call('POST', `/api/requests/${cancelled.id}/cancel`, { token: arta.token }))
        .status,
    ).toBe(200);
    expectRefused(cls, 'cancelled request', await pay(besa, cancelled.payload), ['QR_CANCELLED']);
    const wait = 62_000 - (Date.now() - expiringAt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    expectRefused(cls, 'expired request', await pay(besa, expiring.payload), ['QR_EXPIRED']);
    const doomed = await party('Ilir Dervishi');
    const doomedRequest = await request(doomed, '1.70');
    expect(
      (
        await bank.call('DELETE', `/api/qr-accounts/${doomed.qrAccountId}?confirm=true`, {
          token: doomed.token,
        })
      ).status,
    ).toBeLessThan(300);
    expectRefused(
      cls,
      'account code of a deleted QR account',
      await pay(besa, doomed.accountCode, '1.00'),
      ['QR_ACCOUNT_NOT_VALID'],
    );
    expectRefused(cls, 'request of a deleted QR account', await pay(besa, doomedRequest.payload), [
      'QR_ACCOUNT_NOT_VALID',
    ]);
    // A quote taken before the code died is refused at confirm.
    const racing = await request(arta, '1.80');
    const quoted = await quote(besa, racing.payload);
    await bank.call('POST', `/api/requests/${racing.id}/cancel`, { token: arta.token });
    const confirm = await bank.call('POST', '/api/payments', {
      token: besa.token,
      headers: { 'idempotency-key': `key-${randomBytes(8).toString('hex')}` },
      body: { quoteId: quoted.json.quoteId },
    });
    expectRefused(cls, 'quoted, then cancelled, then confirmed', confirm, ['QR_CANCELLED']);
    clean(cls);
  });

  it('idempotency key reused with another body', async () => {
    const cls = 'idempotency';
    const key = `key-${randomBytes(8).toString('hex')}`;
    const one = await quote(besa, arta.accountCode, '1.00');
    const two = await quote(besa, arta.accountCode, '2.00');
    const first = await bank.call('POST', '/api/payments', {
      token: besa.token,
      headers: { 'idempotency-key': key },
      body: { quoteId: one.json.quoteId },
    });
    expect(first.status).toBe(201);
    const replay = await bank.call('POST', '/api/payments', {
      token: besa.token,
      headers: { 'idempotency-key': key },
      body: { quoteId: one.json.quoteId },
    });
    tally(
      cls,
      'same key, same body: the same answer, not a second payment',
      replay.status === 201 && replay.json.id === first.json.id,
    );
    expectRefused(
      cls,
      'same key, another body',
      await bank.call('POST', '/api/payments', {
        token: besa.token,
        headers: { 'idempotency-key': key },
        body: { quoteId: two.json.quoteId },
      }),
      ['IDEMPOTENCY_CONFLICT'],
      409,
    );
    expectRefused(
      cls,
      'no key',
      await bank.call('POST', '/api/payments', {
        token: besa.token,
        body: { quoteId: two.json.quoteId },
      }),
      ['IDEMPOTENCY_KEY_REQUIRED', 'VALIDATION_FAILED'],
    );
    clean(cls);
  });

  it('expired, logged-out and forged tokens, session fixation, cross-origin cookie writes', async () => {
    const cls = 'tokens and cookies';
    const victim = await newCustomer(bank, 'Jeta Rama');
    const token = await fullLogin(bank, victim);
    expect((await bank.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    expectRefused(
      cls,
      'logged-out token',
      await bank.call('GET', '/api/me', { token }),
      ['UNAUTHENTICATED'],
      401,
    );
    for (const forged of [
      randomBytes(32).toString('base64url'),
      'x',
      `${token.slice(0, -2)}AA`,
      "' or 1=1 --",
    ])
      expectRefused(
        cls,
        `forged token ${forged.slice(0, 8)}`,
        await bank.call('GET', '/api/me', { token: forged }),
        ['UNAUTHENTICATED'],
        401,
      );
    // Fixation: a cookie the attacker planted before login is not the session after it.
    const planted = randomBytes(32).toString('base64url');
    const before = await lastSmsId(bank, victim.cif);
    const login = await bank.call('POST', '/api/auth/login', { body: victim });
    const { code } = await smsCode(bank, victim.cif, before);
    const otp = await bank.call('POST', '/api/auth/login/otp', {
      headers: { cookie: `smartpay_session=${planted}` },
      body: { challengeId: login.json.challengeId, code },
    });
    tally(
      cls,
      'session fixation: a new token at login',
      otp.status === 200 &&
        otp.json.token !== planted &&
        !String(otp.headers.get('set-cookie')).includes(planted),
    );
    expectRefused(
      cls,
      'planted cookie after login',
      await bank.call('GET', '/api/me', { headers: { cookie: `smartpay_session=${planted}` } }),
      ['UNAUTHENTICATED'],
      401,
    );
    const cookie = `smartpay_session=${String(otp.json.token)}`;
    for (const [label, headers] of [
      ['cookie write from another origin', { cookie, origin: 'https://evil.example' }],
      ['cookie write with a foreign referer', { cookie, referer: 'https://evil.example/pay' }],
      ['cookie write without origin', { cookie }],
    ] as const)
      expectRefused(
        cls,
        label,
        await bank.call('POST', '/api/requests', {
          headers: { ...headers },
          body: { qrAccountId: arta.qrAccountId, amount: '1.00' },
        }),
        ['ORIGIN_MISMATCH'],
        403,
      );
    tally(
      cls,
      'same-origin cookie read works',
      (await bank.call('GET', '/api/me', { headers: { cookie } })).status === 200,
    );
    // Expired: the sleeper's session has been idle longer than the idle timeout set now.
    await bank.cli('settings set', { key: 'sessions.idleMinutes', value: '1' });
    const waitMs = 62_000 - (Date.now() - sleeperAt);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    expectRefused(
      cls,
      'expired (idle) token',
      await bank.call('GET', '/api/me', { token: sleeperToken }),
      ['SESSION_EXPIRED', 'UNAUTHENTICATED'],
      401,
    );
    await bank.cli('settings set', { key: 'sessions.idleMinutes', value: '5' });
    arta.token = await enrolledLoginAgain(arta);
    besa.token = await enrolledLoginAgain(besa);
    clean(cls);
  });

  it('schema fuzzing of every JSON endpoint: never a 500, always problem+json, nothing written', async () => {
    const cls = 'schema fuzzing';
    const fuzzer = await party('Fuzz Tester');
    const others = async () => [await footprint(arta), await footprint(besa)];
    const before = { others: await others(), self: await footprint(fuzzer) };
    const { writesAccepted } = await fuzzEveryJsonEndpoint(bank, {
      token: fuzzer.token,
      cls,
      other: arta,
      self: fuzzer,
    });
    tally(
      cls,
      "nothing of other customers' changed",
      JSON.stringify(before.others) === JSON.stringify(await others()),
    );
    // Some generated bodies are valid (a request on the fuzzer's own QR account): only when none
    // was accepted must the fuzzer's own footprint be unchanged too.
    if (writesAccepted === 0)
      tally(cls, 'nothing written by refused requests', before.self === (await footprint(fuzzer)));
    clean(cls);
  }, 600_000);

  it('oversized bodies and headers, deep nesting, __proto__ keys', async () => {
    const cls = 'oversized and odd JSON';
    const big = JSON.stringify({ cif: '1'.repeat(10), password: 'x'.repeat(200_000) });
    const oversized = await bank.call('POST', '/api/auth/login', { raw: big });
    expectRefused(cls, 'body over 64 KiB', oversized, ['PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED']);
    const header = await fetch(`${bank.url}/api/me`, {
      headers: { 'x-filler': 'a'.repeat(40_000) },
    }).then(
      (r) => r.status,
      () => 431,
    );
    tally(cls, 'header over 16 KiB', header === 431 || header === 400, String(header));
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expectRefused(
      cls,
      'deeply nested array',
      await bank.call('POST', '/api/auth/login', { raw: deep }),
      ['VALIDATION_FAILED', 'MALFORMED_JSON', 'BAD_REQUEST'],
    );
    const deepObject = `${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}`;
    expectRefused(
      cls,
      'deeply nested object',
      await bank.call('POST', '/api/requests', { token: arta.token, raw: deepObject }),
      ['VALIDATION_FAILED', 'MALFORMED_JSON', 'BAD_REQUEST'],
    );
    for (const raw of [
      '{"__proto__": {"admin": true}, "cif": "10000001", "password": "x"}',
      '{"constructor": {"prototype": {"admin": true}}, "cif": "10000001", "password": "x"}',
    ]) {
      const answer = await bank.call('POST', '/api/auth/login', { raw });
      tally(
        cls,
        `prototype keys ${raw.slice(2, 13)}`,
        answer.status >= 400 && answer.status < 500,
        answer.text.slice(0, 120),
      );
    }
    const quoteProto = await bank.call('POST', '/api/payments/quotes', {
      token: besa.token,
      raw: `{"__proto__":{"amount":"9999.00"},"payload":${JSON.stringify(arta.accountCode)},"fromQrAccountId":"${besa.qrAccountId}"}`,
    });
    tally(
      cls,
      '__proto__ cannot smuggle an amount',
      quoteProto.status >= 400 && quoteProto.status < 500,
      quoteProto.text.slice(0, 120),
    );
    tally(
      cls,
      'server healthy afterwards',
      (await bank.call('GET', '/health/ready')).status === 200,
    );
    expectRefused(
      cls,
      'wrong content type',
      await bank.call('POST', '/api/auth/login', {
        raw: 'cif=1&password=2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      ['UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'],
    );
    clean(cls);
  });

  it('SQL-injection and script strings in text fields, stored and shown safely, CSP present', async () => {
    const cls = 'injection strings';
    const strings = [
      "'; drop table payments; --",
      "' or '1'='1",
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      '=HYPERLINK("http://evil.example")',
      "Robert'); DELETE FROM customers;--",
    ];
    for (const text of strings) {
      const created = await bank.call('POST', '/api/requests', {
        token: arta.token,
        body: { qrAccountId: arta.qrAccountId, amount: '1.00', note: text },
      });
      if (created.status === 201) {
        const shown = await bank.call('GET', `/api/requests/${String(created.json.id)}`, {
          token: arta.token,
        });
        tally(
          cls,
          `note stored verbatim ${text.slice(0, 12)}`,
          shown.json.note === text &&
            (shown.headers.get('content-type') ?? '').startsWith('application/json'),
          shown.text.slice(0, 160),
        );
        // One request of 1.00 per string: paid again on purpose.
        const paid = await pay(besa, String(created.json.payload), undefined, true);
        tally(
          cls,
          `paid with note ${text.slice(0, 12)}`,
          paid.status === 201,
          paid.text.slice(0, 160),
        );
      } else
        expectRefused(cls, `note refused ${text.slice(0, 12)}`, created, ['VALIDATION_FAILED']);
      expectRefused(
        cls,
        `login CIF ${text.slice(0, 12)}`,
        await bank.call('POST', '/api/auth/login', { body: { cif: text, password: text } }),
        ['INVALID_CREDENTIALS', 'VALIDATION_FAILED'],
      );
      const listed = await bank.call('GET', `/api/requests?status=${encodeURIComponent(text)}`, {
        token: arta.token,
      });
      expectRefused(cls, `status filter ${text.slice(0, 12)}`, listed, ['VALIDATION_FAILED'], 400);
      const device = await bank.call('GET', `/api/payments/${encodeURIComponent(text)}`, {
        token: arta.token,
      });
      expectRefused(cls, `payment id ${text.slice(0, 12)}`, device, [
        'NOT_FOUND',
        'VALIDATION_FAILED',
      ]);
    }
    const csv = await bank.call('GET', '/api/payments.csv?from=2000-01-01&to=2999-12-31', {
      token: arta.token,
    });
    tally(
      cls,
      'CSV neutralises formulas',
      csv.status === 200 && !/(^|,)=HYPERLINK/m.test(csv.text),
      csv.text.slice(0, 200),
    );
    tally(
      cls,
      'tables still there',
      (await bank.call('GET', '/api/payments?direction=incoming', { token: arta.token })).status ===
        200,
    );
    const page = await bank.call('GET', '/', { headers: { accept: 'text/html' } });
    const csp =
      page.headers.get('content-security-policy') ??
      (await bank.call('GET', '/api/me', { token: arta.token })).headers.get(
        'content-security-policy',
      ) ??
      '';
    tally(
      cls,
      'CSP forbids inline scripts',
      /script-src 'self'/.test(csp) &&
        !csp.includes("'unsafe-inline'") &&
        csp.includes("object-src 'none'"),
      csp,
    );
    tally(cls, 'nosniff', (page.headers.get('x-content-type-options') ?? '') === 'nosniff');
    clean(cls);
  });

  it('data folder: 0700 and nothing inside reachable by others', async () => {
    const cls = 'data folder';
    if (process.env.DATABASE_URL) {
      tally(cls, 'PostgreSQL: no data folder of ours to check', true);
      return;
    }
    const { readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    tally(cls, 'folder is 0700', (statSync(bank.dataDir).mode & 0o777) === 0o700);
    const open: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) {
          if ((statSync(full).mode & 0o077) !== 0) open.push(full);
          walk(full);
        }
      }
    };
    walk(bank.dataDir);
    tally(cls, 'no folder inside open to others', open.length === 0, open.slice(0, 3).join(', '));
    const lock = join(bank.dataDir, 'smartpay.lock');
    tally(cls, 'lock file 0600', (statSync(lock).mode & 0o777) === 0o600);
    clean(cls);
  });
});

/** The same credentials, signing for another origin or RP id (what a phishing page gets). */
function variant(device: SoftAuthenticator, overrides: Record<string, string>): SoftAuthenticator {
  const copy = Object.create(Object.getPrototypeOf(device) as object) as object;
  return Object.assign(copy, device, overrides) as SoftAuthenticator;
}

async function enrolledLoginAgain(who: Party): Promise<string> {
  return fullLogin(bank, who);
}
