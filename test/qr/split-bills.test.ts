/**
 * Split-bill codes (issue 14 §3) through the real HTTP app: one request for a total in N shares,
 * each scan pays one share, the first share takes the remainder, one share per payer by default,
 * closed by the last share, cancelled or expired like a request, live progress for the payee and
 * every payer, and each share payment exactly once in both parties' lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCommand } from '../../src/cli/commands/index.ts';
import { verifyLedger } from '../../src/ledger/verify.ts';
import { parseSmartPayPayload } from '../../src/qr/payload.ts';
import { payloadSettingsFromConfig, sweepExpiredRequests } from '../../src/qr/index.ts';
import { engineName } from '../helpers/database.ts';
import { listen, listenOn } from '../helpers/sse.ts';
import {
  bearer,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import {
  balanceOf,
  confirm,
  createSplitRequest,
  fullTokenAgain,
  pay,
  quote,
  again,
} from '../helpers/payments.ts';

describe(`split-bill codes on ${engineName}`, () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let payers: SmartPayCustomer[];
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi', { balance: 0n });
    payers = [];
    for (const name of ['Besnik Gashi', 'Drita Hoxha', 'Erion Leka', 'Fatbardha Muka'])
      payers.push(await customerWithQrAccount(api, name));
  }, 60_000);
  afterAll(async () => {
    await api.close();
  });

  const besnik = () => payers[0]!;
  const drita = () => payers[1]!;
  const erion = () => payers[2]!;

  async function expectLedgerClean() {
    const report = await verifyLedger(api.database.db);
    expect(report.checks.filter((c) => c.violations > 0)).toEqual([]);
  }

  async function request(id: string, token = arta.token) {
    return (
      await api.app.inject({ method: 'GET', url: `/api/requests/${id}`, headers: bearer(token) })
    ).json();
  }

  async function list(payer: SmartPayCustomer, direction: 'incoming' | 'outgoing') {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/payments?direction=${direction}&limit=100`,
      headers: bearer(payer.token),
    });
    return response.json().items as {
      id: string;
      requestId: string | null;
      amount: string;
      share: unknown;
    }[];
  }

  it('splits 10.00 into 3.34 + 3.33 + 3.33: the code carries the regular share, the quote the exact one', async () => {
    const split = await createSplitRequest(api, arta, '10.00', 3);
    expect(split).toMatchObject({
      amount: '3.33',
      status: 'open',
      split: {
        shareCount: 3,
        paidShares: 0,
        total: '10.00',
        shareAmount: '3.33',
        firstShareAmount: '3.34',
        oneSharePerPayer: true,
      },
    });
    const parsed = parseSmartPayPayload(split.payload, payloadSettingsFromConfig(api.config));
    expect(parsed.amountMinor).toBe(333n);
    const first = await quote(api, besnik(), split.payload);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      amount: '3.34',
      share: { number: 1, count: 3, paidShares: 0 },
    });
    const paid = await confirm(api, besnik(), first.json().quoteId);
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ amount: '3.34', share: { number: 1, count: 3 } });
    const second = await quote(api, drita(), split.payload);
    expect(second.json()).toMatchObject({
      amount: '3.33',
      share: { number: 2, count: 3, paidShares: 1 },
    });
    await expectLedgerClean();
  });

  it('refuses a split into fewer than 2 or more than 20 shares, or shares below one cent', async () => {
    for (const [total, shares] of [
      ['10.00', 1],
      ['10.00', 21],
      ['0.02', 3],
    ] as const) {
      const response = await api.app.inject({
        method: 'POST',
        url: '/api/requests',
        headers: bearer(arta.token),
        payload: { qrAccountId: arta.qrAccountId, amount: total, shares },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('an edited code (the first share written into tag 54) is refused as QR_INVALID', async () => {
    const split = await createSplitRequest(api, arta, '10.00', 3);
    const edited = split.payload.replace('54043.33', '54043.34');
    expect(edited).not.toBe(split.payload);
    const response = await quote(api, besnik(), edited);
    expect(response.json().code).toBe('QR_INVALID');
  });

  it('one payer pays at most one share: a second is refused with SPLIT_SHARE_ALREADY_PAID', async () => {
    const split = await createSplitRequest(api, arta, '9.00', 3);
    expect(
      (await pay(api, besnik(), split.payload, undefined, besnik().token, again)).statusCode,
    ).toBe(201);
    const secondShare = await quote(api, besnik(), split.payload);
    expect(secondShare.statusCode).toBe(409);
    expect(secondShare.json().code).toBe('SPLIT_SHARE_ALREADY_PAID');
    // Two quotes taken before the first share was paid: the second confirm is refused too.
    const other = await createSplitRequest(api, arta, '9.00', 3);
    const one = (await quote(api, drita(), other.payload)).json().quoteId;
    const two = (await quote(api, drita(), other.payload)).json().quoteId;
    expect((await confirm(api, drita(), one, undefined, drita().token, again)).statusCode).toBe(
      201,
    );
    const refused = await confirm(api, drita(), two, undefined, drita().token, again);
    expect(refused.json().code).toBe('SPLIT_SHARE_ALREADY_PAID');
    expect((await request(other.id)).split.paidShares).toBe(1);
    await expectLedgerClean();
  });

  it('a code that allows it lets one payer pay several shares', async () => {
    const split = await createSplitRequest(api, arta, '6.00', 3, { oneSharePerPayer: false });
    expect(
      (await pay(api, besnik(), split.payload, undefined, besnik().token, again)).json().share,
    ).toEqual({ number: 1, count: 3 });
    expect(
      (await pay(api, besnik(), split.payload, undefined, besnik().token, again)).json().share,
    ).toEqual({ number: 2, count: 3 });
    expect((await request(split.id)).split.paidShares).toBe(2);
  });

  it('closes when the last share is paid; then every scan is refused with SPLIT_ALL_PAID', async () => {
    const before = BigInt((await balanceOf(api, arta)).replace('.', ''));
    const split = await createSplitRequest(api, arta, '10.00', 3);
    for (const payer of [besnik(), drita(), erion()])
      expect((await pay(api, payer, split.payload, undefined, payer.token, again)).statusCode).toBe(
        201,
      );
    const closed = await request(split.id);
    expect(closed).toMatchObject({ status: 'closed', split: { paidShares: 3 } });
    expect(closed.closedAt).not.toBeNull();
    const late = await quote(api, payers[3]!, split.payload);
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('SPLIT_ALL_PAID');
    const after = BigInt((await balanceOf(api, arta)).replace('.', ''));
    expect(after - before).toBe(1000n);
    await expectLedgerClean();
  });

  it('a quote for the first share, paid by someone else before confirming, is refused: SPLIT_SHARE_CHANGED', async () => {
    const split = await createSplitRequest(api, arta, '10.00', 3);
    const slow = (await quote(api, besnik(), split.payload)).json();
    expect(slow.amount).toBe('3.34');
    expect(
      (await pay(api, drita(), split.payload, undefined, drita().token, again)).json().amount,
    ).toBe('3.34');
    const refused = await confirm(api, besnik(), slow.quoteId, undefined, besnik().token, again);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('SPLIT_SHARE_CHANGED');
    const fresh = await pay(api, besnik(), split.payload, undefined, besnik().token, again);
    expect(fresh.json()).toMatchObject({ amount: '3.33', share: { number: 2, count: 3 } });
    await expectLedgerClean();
  });

  it('cancelling refuses the unpaid shares and leaves the paid ones paid', async () => {
    const split = await createSplitRequest(api, arta, '12.00', 4);
    const paid = await pay(api, besnik(), split.payload, undefined, besnik().token, again);
    expect(paid.statusCode).toBe(201);
    const quoted = (await quote(api, drita(), split.payload)).json().quoteId;
    const cancelled = await api.app.inject({
      method: 'POST',
      url: `/api/requests/${split.id}/cancel`,
      headers: bearer(arta.token),
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', split: { paidShares: 1 } });
    expect((await confirm(api, drita(), quoted, undefined, drita().token, again)).json().code).toBe(
      'QR_CANCELLED',
    );
    expect((await quote(api, erion(), split.payload)).json().code).toBe('QR_CANCELLED');
    expect((await list(besnik(), 'outgoing')).filter((p) => p.id === paid.json().id)).toHaveLength(
      1,
    );
    expect((await list(arta, 'incoming')).filter((p) => p.requestId === split.id)).toHaveLength(1);
    await expectLedgerClean();
  });

  it('expires like a request: unpaid shares are refused with QR_EXPIRED, paid ones stay', async () => {
    const split = await createSplitRequest(api, arta, '8.00', 2);
    expect(
      (await pay(api, besnik(), split.payload, undefined, besnik().token, again)).statusCode,
    ).toBe(201);
    const validityMs = 24 * 60 * 60 * 1000;
    api.clock.advance(validityMs + 1_000);
    // Sessions time out over a day: log in again.
    const drita2 = { ...drita(), token: await fullTokenAgain(api, drita()) };
    arta = { ...arta, token: await fullTokenAgain(api, arta) };
    expect((await quote(api, drita2, split.payload)).json().code).toBe('QR_EXPIRED');
    expect(await sweepExpiredRequests(api.database.db, api.clock)).toBeGreaterThanOrEqual(1);
    expect(await request(split.id)).toMatchObject({ status: 'expired', split: { paidShares: 1 } });
    payers[1] = drita2;
    for (const i of [0, 2, 3])
      payers[i] = { ...payers[i]!, token: await fullTokenAgain(api, payers[i]!) };
  });

  it('the payee and every payer hear live progress: "2 of 3 paid"', async () => {
    const url = await listenOn(api.app);
    const split = await createSplitRequest(api, arta, '10.00', 3);
    const payee = listen(url, arta.token);
    const first = listen(url, besnik().token);
    await Promise.all([payee.opened, first.opened]);
    const one = await pay(api, besnik(), split.payload, undefined, besnik().token, again);
    expect(one.statusCode).toBe(201);
    const progress = (n: number) => (e: { event: string; data: Record<string, unknown> }) =>
      e.event === 'split.progress' && e.data.requestId === split.id && e.data.paidShares === n;
    await first.waitFor(progress(1));
    await payee.waitFor(progress(1));
    expect(
      (await pay(api, drita(), split.payload, undefined, drita().token, again)).statusCode,
    ).toBe(201);
    const heard = await first.waitFor(progress(2));
    expect(heard.data).toMatchObject({ shareCount: 3, status: 'open' });
    expect(heard.data).not.toHaveProperty('payerName');
    await payee.waitFor(progress(2));
    await payee.waitFor((e) => e.event === 'payment.received' && e.data.amount === '3.33');
    expect(
      (await pay(api, erion(), split.payload, undefined, erion().token, again)).statusCode,
    ).toBe(201);
    expect((await first.waitFor(progress(3))).data.status).toBe('closed');
    payee.close();
    first.close();
  });

  it('lists show each share payment exactly once for both parties', async () => {
    const split = await createSplitRequest(api, arta, '10.00', 3);
    const ids: string[] = [];
    for (const payer of [besnik(), drita(), erion()])
      ids.push((await pay(api, payer, split.payload, undefined, payer.token, again)).json().id);
    const incoming = (await list(arta, 'incoming')).filter((p) => p.requestId === split.id);
    expect(incoming.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(
      incoming.map((p) => p.share).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    ).toEqual([
      { number: 1, count: 3 },
      { number: 2, count: 3 },
      { number: 3, count: 3 },
    ]);
    for (const [i, payer] of [besnik(), drita(), erion()].entries()) {
      const outgoing = (await list(payer, 'outgoing')).filter((p) => p.requestId === split.id);
      expect(outgoing.map((p) => p.id)).toEqual([ids[i]]);
    }
    expect(incoming.map((p) => p.amount).sort()).toEqual(['3.33', '3.33', '3.34']);
    await expectLedgerClean();

    // Operations staff: `smartpay request show <id>` lists the shares and who paid each.
    const command = findCommand(['request', 'show'])!;
    const context = {
      database: api.database,
      config: api.config,
      clock: api.clock,
      actor: 'operator:test@cli',
    };
    const shown = await command.run(context, { id: split.id });
    expect(shown.request).toMatchObject({
      status: 'closed',
      split: { shareCount: 3, paidShares: 3, total: '10.00' },
    });
    const text = command.render(shown);
    expect(text).toContain('3 of 3 paid, 3.33 each (first 3.34)');
    for (const share of ['1/3', '2/3', '3/3']) expect(text).toContain(share);
    expect(text).toContain('Besnik G.');
  });
});
