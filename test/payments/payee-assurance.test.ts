/**
 * Payee assurance (issue 14 §2) through the real HTTP app on both engines: the quote's
 * first-time caution, the duplicate guard and its second confirmation, and the customer's
 * cooling-off: a held payment moves nothing and shows the payee nothing, can be cancelled, and is
 * released once when due, with the limits checked again at release.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../src/cli/commands/index.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { releaseDueHolds } from '../../src/payments/hold-release.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer as Payer,
  startTestBank,
  type TestBank as TestApi,
} from '../helpers/bank.ts';
import { engineName } from '../helpers/database.ts';
import {
  balanceOf,
  confirm,
  fullTokenAgain,
  partialSession,
  pay,
  quote,
} from '../helpers/payments.ts';

const minute = 60_000;

describe(`payee assurance on ${engineName}`, () => {
  let api: TestApi;
  let arta: Payer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 0n });
  });
  afterAll(async () => {
    await api.close();
  });

  async function expectLedgerClean() {
    const report = await verifyLedger(api.database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  }

  /** Sessions end after 5 idle minutes: a fresh one after the clock moved past a hold. */
  async function relogin(customer: Payer): Promise<Payer> {
    return { ...customer, token: await fullTokenAgain(api, customer) };
  }

  function setCoolingOff(payer: Payer, body: object, token = payer.token) {
    return api.app.inject({
      method: 'PUT',
      url: '/api/me/cooling-off',
      headers: bearer(token),
      payload: body,
    });
  }

  async function incomingOf(payee: Payer): Promise<{ id: string; amount: string }[]> {
    const page = await api.app.inject({
      method: 'GET',
      url: '/api/payments?direction=incoming',
      headers: bearer(payee.token),
    });
    expect(page.statusCode).toBe(200);
    return page.json().items;
  }

  async function eventsOf(customer: Payer): Promise<Record<string, unknown>[]> {
    const rows = await api.database.db
      .selectFrom('live_events')
      .select('payload')
      .where('customer_id', '=', customer.customerId)
      .orderBy('id')
      .execute();
    return rows.map((r: { payload: unknown }) =>
      typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    );
  }

  async function holdOf(payer: Payer, id: string) {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/payments/holds/${id}`,
      headers: bearer(payer.token),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('the quote says firstTimePayee until the payer has paid this payee once', async () => {
    const besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    const first = await quote(api, besnik, arta.accountCode, '4.00');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      firstTimePayee: true,
      duplicateSuspected: false,
      holdMinutes: null,
    });
    expect((await confirm(api, besnik, first.json().quoteId)).statusCode).toBe(201);
    const second = await quote(api, besnik, arta.accountCode, '4.50');
    expect(second.json()).toMatchObject({ firstTimePayee: false, duplicateSuspected: false });
    // Another payer is still a first-timer with Arta; Arta's other QR account is still Arta.
    const dua = await customerWithQrAccount(api, 'Dua Berisha');
    expect((await quote(api, dua, arta.accountCode, '4.00')).json().firstTimePayee).toBe(true);
  });

  it('the same payee and amount within the window needs confirmDuplicate; a retry with the same key is not a duplicate', async () => {
    const payer = await customerWithQrAccount(api, 'Faton Hoxha');
    const paid = await pay(api, payer, arta.accountCode, '12.50');
    expect(paid.statusCode).toBe(201);
    const balanceAfterFirst = await balanceOf(api, payer);

    // The retry of the first confirm (same key) replays it: not a duplicate, nothing paid.
    const again = await quote(api, payer, arta.accountCode, '12.50');
    expect(again.json()).toMatchObject({ duplicateSuspected: true, firstTimePayee: false });
    const key = randomUUID();
    const refused = await confirm(api, payer, again.json().quoteId, key);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('DUPLICATE_SUSPECTED');
    expect(await balanceOf(api, payer)).toBe(balanceAfterFirst);

    // The second confirmation: the same quote and key, with confirmDuplicate.
    const confirmed = await confirm(api, payer, again.json().quoteId, key, payer.token, {
      confirmDuplicate: true,
    });
    expect(confirmed.statusCode).toBe(201);
    // Its retry with the same key (with or without the flag) replays the payment.
    const replay = await confirm(api, payer, again.json().quoteId, key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotency-replayed']).toBe('true');
    expect(replay.json().id).toBe(confirmed.json().id);
    const outgoing = await api.app.inject({
      method: 'GET',
      url: '/api/payments?direction=outgoing',
      headers: bearer(payer.token),
    });
    expect(outgoing.json().items).toHaveLength(2);

    // Another amount is no duplicate; the same amount after the window is none either.
    expect((await quote(api, payer, arta.accountCode, '12.51')).json().duplicateSuspected).toBe(
      false,
    );
    api.clock.advance(10 * minute + 1_000);
    const later = await quote(
      api,
      payer,
      arta.accountCode,
      '12.50',
      await fullTokenAgain(api, payer),
    );
    expect(later.json().duplicateSuspected).toBe(false);
    await expectLedgerClean();
  });

  it('the window is a bank setting: 0 turns the guard off', async () => {
    const payer = await customerWithQrAccount(api, 'Gent Morina');
    expect((await pay(api, payer, arta.accountCode, '3.00')).statusCode).toBe(201);
    const { updateSetting } = await import('../../src/db/settings.ts');
    await updateSetting(api.database.db, 'payments.duplicateWindowMinutes', '0', 'test');
    try {
      const quoted = await quote(api, payer, arta.accountCode, '3.00');
      expect(quoted.json().duplicateSuspected).toBe(false);
      expect((await confirm(api, payer, quoted.json().quoteId)).statusCode).toBe(201);
    } finally {
      await updateSetting(api.database.db, 'payments.duplicateWindowMinutes', '10', 'test');
    }
  });

  it('cooling-off is set in the profile, in a full session only', async () => {
    const payer = await customerWithQrAccount(api, 'Hana Leka');
    const me = await api.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: bearer(payer.token),
    });
    expect(me.json().coolingOff).toEqual({ enabled: false, threshold: null, delayMinutes: null });
    const set = await setCoolingOff(payer, { enabled: true, threshold: '50.00', delayMinutes: 30 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({
      enabled: true,
      threshold: { amount: '50.00', currency: 'EUR' },
      delayMinutes: 30,
    });
    const partial = await partialSession(api, payer);
    const refused = await setCoolingOff(payer, { enabled: false }, partial);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FULL_LOGIN_REQUIRED');
    const invalid = await setCoolingOff(payer, { enabled: true, threshold: 'x', delayMinutes: 30 });
    expect(invalid.statusCode).toBe(400);
    const off = await setCoolingOff(payer, { enabled: false });
    expect(off.json()).toEqual({ enabled: false, threshold: null, delayMinutes: null });
  });

  it('a first payment above the threshold is held: no money moves and the payee sees nothing; it is released once when due', async () => {
    let payer = await customerWithQrAccount(api, 'Ilir Shala', { balance: 100_000n });
    const payee = await customerWithQrAccount(api, 'Jeta Rama', { balance: 0n });
    await setCoolingOff(payer, { enabled: true, threshold: '50.00', delayMinutes: 30 });
    // Not above the threshold: paid at once, even to a new payee.
    const small = await quote(api, payer, payee.accountCode, '50.00');
    expect(small.json()).toMatchObject({ firstTimePayee: true, holdMinutes: null });
    let other = await customerWithQrAccount(api, 'Kaltrina Dema', { balance: 0n });
    const big = await quote(api, payer, other.accountCode, '80.00');
    expect(big.json()).toMatchObject({ firstTimePayee: true, holdMinutes: 30 });
    const before = await balanceOf(api, payer);
    const confirmedAt = api.clock.now();
    const held = await confirm(api, payer, big.json().quoteId);
    expect(held.statusCode).toBe(202);
    expect(held.json()).toMatchObject({
      status: 'held',
      payee: { name: 'Kaltrina D.' },
      amount: '80.00',
      currency: 'EUR',
      releaseAt: new Date(confirmedAt.getTime() + 30 * minute).toISOString(),
      paymentId: null,
    });
    const holdId = held.json().id as string;
    expect(await balanceOf(api, payer)).toBe(before);
    expect(await incomingOf(other)).toEqual([]);
    expect(await eventsOf(other)).toEqual([]);
    const listed = await api.app.inject({
      method: 'GET',
      url: '/api/payments/holds?status=held',
      headers: bearer(payer.token),
    });
    expect(listed.json().items.map((h: { id: string }) => h.id)).toEqual([holdId]);
    // The quote is used by the hold: confirming it again with another key pays nothing.
    const twice = await confirm(api, payer, big.json().quoteId);
    expect(twice.json().code).toBe('QUOTE_EXPIRED');

    // Not due yet: the release job leaves it.
    api.clock.advance(29 * minute);
    expect((await releaseDueHolds(api.database, { clock: api.clock })).released).toEqual([]);
    api.clock.advance(minute);
    const run = await releaseDueHolds(api.database, { clock: api.clock });
    expect(run).toEqual({ released: [holdId], refused: [] });
    // Exactly once: a second run (another instance, a rerun) finds nothing to do.
    expect(await releaseDueHolds(api.database, { clock: api.clock })).toEqual({
      released: [],
      refused: [],
    });
    payer = await relogin(payer);
    other = await relogin(other);
    expect(await holdOf(payer, holdId)).toMatchObject({ status: 'released', paymentId: holdId });
    expect(before).toBe('1000.00');
    expect(await balanceOf(api, payer)).toBe('919.82'); // 80.00 + fee 0.10 + 0.1 % of 80.00
    expect(await balanceOf(api, other)).toBe('80.00');
    expect((await incomingOf(other)).map((p) => [p.id, p.amount])).toEqual([[holdId, '80.00']]);
    expect(await eventsOf(other)).toEqual([
      expect.objectContaining({ type: 'payment.received', paymentId: holdId, amount: '80.00' }),
    ]);
    expect(await eventsOf(payer)).toContainEqual(
      expect.objectContaining({ type: 'hold.decided', holdId, status: 'released' }),
    );
    // Paid once: the next payment to this payee is no longer a first one, and is not held.
    const next = await pay(api, payer, other.accountCode, '81.00');
    expect(next.statusCode).toBe(201);
    await expectLedgerClean();
  });

  it('the payer cancels a held payment ("Anulo"): nothing moves, ever', async () => {
    let payer = await customerWithQrAccount(api, 'Lind Krasniqi', { balance: 100_000n });
    let payee = await customerWithQrAccount(api, 'Mira Gashi', { balance: 0n });
    await setCoolingOff(payer, { enabled: true, threshold: '10.00', delayMinutes: 30 });
    const before = await balanceOf(api, payer);
    const held = await pay(api, payer, payee.accountCode, '20.00');
    expect(held.statusCode).toBe(202);
    const holdId = held.json().id as string;
    const cancel = (customer: Payer) =>
      api.app.inject({
        method: 'POST',
        url: `/api/payments/holds/${holdId}/cancel`,
        headers: bearer(customer.token),
      });
    // Someone else's hold does not exist for them.
    expect((await cancel(payee)).statusCode).toBe(404);
    const cancelled = await cancel(payer);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', paymentId: null });
    const twice = await cancel(payer);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('HOLD_NOT_CANCELLABLE');
    api.clock.advance(31 * minute);
    expect((await releaseDueHolds(api.database, { clock: api.clock })).released).toEqual([]);
    payer = await relogin(payer);
    payee = await relogin(payee);
    expect(await balanceOf(api, payer)).toBe(before);
    expect(await incomingOf(payee)).toEqual([]);
    expect(await eventsOf(payee)).toEqual([]);
    // Cancelled is not paid: the next payment to this payee is still a first one.
    expect((await quote(api, payer, payee.accountCode, '20.00')).json()).toMatchObject({
      firstTimePayee: true,
      duplicateSuspected: false,
      holdMinutes: 30,
    });
    await expectLedgerClean();
  });

  it('the limits are checked again at release: a release over the daily limit is refused, money untouched', async () => {
    let payer = await customerWithQrAccount(api, 'Nora Hasani', { balance: 2_000_000n });
    const known = await customerWithQrAccount(api, 'Olta Bytyqi', { balance: 0n });
    let fresh = await customerWithQrAccount(api, 'Pranvera Zeka', { balance: 0n });
    // Known before cooling-off was set: payments to Olta are not first ones.
    expect((await pay(api, payer, known.accountCode, '10.00')).statusCode).toBe(201);
    await setCoolingOff(payer, { enabled: true, threshold: '50.00', delayMinutes: 30 });
    const held = await pay(api, payer, fresh.accountCode, '80.00');
    expect(held.statusCode).toBe(202);
    const holdId = held.json().id as string;
    // Meanwhile the day's limit (16,000.00 in a full session) is used up to 15,960.00.
    expect((await pay(api, payer, known.accountCode, '8000.00')).statusCode).toBe(201);
    expect((await pay(api, payer, known.accountCode, '7950.00')).statusCode).toBe(201);
    const before = await balanceOf(api, payer);
    api.clock.advance(30 * minute);
    const run = await releaseDueHolds(api.database, { clock: api.clock });
    expect(run).toEqual({ released: [], refused: [{ id: holdId, code: 'LIMIT_PER_DAY' }] });
    payer = await relogin(payer);
    fresh = await relogin(fresh);
    expect(await holdOf(payer, holdId)).toMatchObject({
      status: 'refused',
      refusalCode: 'LIMIT_PER_DAY',
      paymentId: null,
    });
    expect(await balanceOf(api, payer)).toBe(before);
    expect(await incomingOf(fresh)).toEqual([]);
    expect(await eventsOf(payer)).toContainEqual(
      expect.objectContaining({
        type: 'hold.decided',
        holdId,
        status: 'refused',
        code: 'LIMIT_PER_DAY',
      }),
    );
    // A refused hold is decided: it is not released later, nor can it be cancelled.
    api.clock.advance(minute);
    expect((await releaseDueHolds(api.database, { clock: api.clock })).released).toEqual([]);
    await expectLedgerClean();
  });

  it('operations staff list held payments and cancel one for a customer who calls in (CLI)', async () => {
    const payer = await customerWithQrAccount(api, 'Shpend Kelmendi', { balance: 100_000n });
    const payee = await customerWithQrAccount(api, 'Teuta Veseli', { balance: 0n });
    await setCoolingOff(payer, { enabled: true, threshold: '10.00', delayMinutes: 60 });
    const held = await pay(api, payer, payee.accountCode, '30.00');
    expect(held.statusCode).toBe(202);
    const context = {
      database: api.database,
      config: api.config,
      clock: api.clock,
      actor: 'operator:test@cli',
    };
    const command = (name: string) => {
      const found = findCommand(name.split(' '));
      if (!found) throw new Error(`no command ${name}`);
      return found;
    };
    const listed = (await command('holds list').run(context, {
      status: 'held',
      cif: payer.cif,
    })) as { holds: { id: string; amount: string; releaseAt: string }[] };
    expect(listed.holds.map((h) => [h.id, h.amount])).toEqual([[held.json().id, '30.00']]);
    expect(command('holds list').render(listed)).toContain('Teuta V.');
    const cancelled = (await command('holds cancel').run(context, { id: held.json().id })) as {
      hold: { status: string };
    };
    expect(cancelled.hold.status).toBe('cancelled');
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject', '=', held.json().id)
      .execute();
    expect(audit).toEqual([{ actor: 'operator:test@cli', action: 'payment.hold.cancelled' }]);
  });

  it('a held confirm stays within the confirm statement budget', async () => {
    const payer = await customerWithQrAccount(api, 'Qendresa Ahmeti', { balance: 100_000n });
    const payee = await customerWithQrAccount(api, 'Rina Sopi', { balance: 0n });
    await setCoolingOff(payer, { enabled: true, threshold: '1.00', delayMinutes: 5 });
    expect((await pay(api, payer, arta.accountCode, '1.00')).statusCode).toBe(201); // warm
    const quoted = await quote(api, payer, payee.accountCode, '5.00');
    const statements = async () => {
      const metrics = (await api.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = metrics
        .split('\n')

        .find((l: string) => l.startsWith('smartpay_db_statements_total{route="/api/payments"}'));
      return Number(line?.split(' ').at(-1) ?? 0);
    };
    const before = await statements();
    expect((await confirm(api, payer, quoted.json().quoteId)).statusCode).toBe(202);
    expect((await statements()) - before).toBeLessThanOrEqual(10);
  });
});
