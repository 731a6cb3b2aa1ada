import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KyselyPlugin, sql } from 'kysely';
import { inTransaction } from '../../src/db/transaction.ts';
import {
  type LiveEvent,
  liveEventRetentionMs,
  pruneLiveEvents,
  recordEvents,
} from '../../src/notify/events.ts';
import { type EventHub, eventPageSize, startEventHub } from '../../src/notify/event-hub.ts';
import { engineName, onPostgres } from '../helpers/database.ts';
import { listen, listenOn } from '../helpers/sse.ts';
import {
  bearer,
  customerWithMoney,
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { confirm, quote } from '../helpers/payments.ts';

export const burstSize = 10_000;

function received(customerId: string, n: number): { customerId: string; payload: LiveEvent } {
  return {
    customerId,
    payload: {
      type: 'payment.received',
      paymentId: randomUUID(),
      payerName: `Burst ${n}.`,
      amount: '1.00',
      currency: 'EUR',
      qrAccountId: randomUUID(),
    },
  };
}

/** Quote, then confirm; the confirm's answer comes after its commit. */
async function payTimed(api: TestBank, payer: SmartPayCustomer, payload: string, amount: string) {
  const quoted = await quote(api, payer, payload, amount);
  expect(quoted.statusCode).toBe(201);
  const confirmStartedAt = Date.now();
  const paid = await confirm(api, payer, quoted.json().quoteId);
  const committedBy = Date.now();
  expect(paid.statusCode).toBe(201);
  return { id: paid.json().id as string, confirmStartedAt, committedBy };
}

describe(`live events log on ${engineName}`, () => {
  let api: TestBank;
  let url: string;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  let others: string[];
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    others = [];
    for (const name of ['Drita Berisha', 'Fatos Hoxha', 'Gresa Shala'])
      others.push((await customerWithMoney(api.database.db, { name })).customerId);
    url = await listenOn(api.app);
  });
  afterAll(async () => {
    await api.close();
  });

  it('recordEvents writes the events of a transaction in one insert, and none of a rolled-back one', async () => {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const before = await countEvents(api);
    await inTransaction(api.database, (trx) =>
      recordEvents(trx.withPlugin(counter), [
        received(others[0]!, 1),
        received(others[1]!, 2),
        received(others[2]!, 3),
      ]),
    );
    expect(statements).toBe(1);
    expect(await countEvents(api)).toBe(before + 3);
    await expect(
      inTransaction(api.database, async (trx) => {
        await recordEvents(trx, [received(others[0]!, 4)]);
        throw new Error('the payment failed after its event was written');
      }),
    ).rejects.toThrow();
    expect(await countEvents(api)).toBe(before + 3);
  });

  it(`right after a burst of ${burstSize} events for other customers, a payment reaches the payee's open stream within a second of its commit`, async () => {
    const stream = listen(url, arta.token);
    await stream.opened;
    const burst = Array.from({ length: burstSize }, (_, n) =>
      received([besnik.customerId, ...others][n % 4]!, n),
    );
    await inTransaction(api.database, (trx) => recordEvents(trx, burst));
    const paid = await payTimed(api, besnik, arta.accountCode, '1.25');
    const event = await stream.waitFor((e) => e.data.paymentId === paid.id, 2_000);
    report('others', paid, event.receivedAt);
    expect(event.receivedAt - paid.confirmStartedAt).toBeLessThan(1_000);
    expect(stream.events.filter((e) => String(e.data.payerName).startsWith('Burst'))).toEqual([]);
    stream.close();
  });

  /** A burst, then the next event written by itself so its commit time is known to the ms. */
  async function burstThenNext(stream: ReturnType<typeof listen>, listenerShare: number) {
    const burst = Array.from({ length: burstSize }, (_, n) =>
      received(n % listenerShare === 0 ? arta.customerId : others[n % 3]!, n),
    );
    let burstCommitting = 0;
    await inTransaction(api.database, async (trx) => {
      await recordEvents(trx, burst);
      burstCommitting = Date.now();
    });
    const next = received(arta.customerId, burstSize);
    let committing = 0;
    await inTransaction(api.database, async (trx) => {
      await recordEvents(trx, [next]);
      committing = Date.now();
    });
    const committed = Date.now();
    const nextId = (next.payload as { paymentId: string }).paymentId;
    const event = await stream.waitFor((e) => e.data.paymentId === nextId, 10_000);
    const mine = burst.filter((e) => e.customerId === arta.customerId);
    const mineIds = new Set(mine.map((e) => (e.payload as { paymentId: string }).paymentId));
    const heard = stream.events.filter((e) => mineIds.has(String(e.data.paymentId)));
    const lastHeardAt = Math.max(...heard.map((e) => e.receivedAt));
    console.log(
      `[${engineName}] burst of ${burstSize}, ${mine.length} of them for the listener: the last of those heard ${lastHeardAt - burstCommitting} ms after the burst's commit; the next event ${event.receivedAt - committed}–${event.receivedAt - committing} ms after its commit`,
    );
    expect(new Set(heard.map((e) => e.data.paymentId)).size).toBe(mine.length);
    return { burstMs: lastHeardAt - burstCommitting, nextMs: event.receivedAt - committing };
  }

  it(`right after a burst of ${burstSize} events, a tenth of them for the listening customer, the stream gets its share and the next event within a second of its commit`, async () => {
    const stream = listen(url, arta.token);
    await stream.opened;
    const heard = await burstThenNext(stream, 10);
    expect(heard.burstMs).toBeLessThan(1_000);
    expect(heard.nextMs).toBeLessThan(1_000);
    stream.close();
  });

  it(`a burst of ${burstSize} events all for the listening customer reaches the stream whole within a second of its commit, and the next event after it too`, async () => {
    // Twice the hub's page: the stream drains the burst in pages and still hears each event in time.
    expect(burstSize).toBeGreaterThan(eventPageSize);
    const stream = listen(url, arta.token);
    await stream.opened;
    const heard = await burstThenNext(stream, 1);
    expect(heard.burstMs).toBeLessThan(1_000);
    expect(heard.nextMs).toBeLessThan(1_000);
    stream.close();
  });

  it('the stream resumes after the burst with Last-Event-ID, page by page', async () => {
    const first = listen(url, arta.token);
    await first.opened;
    const seen = await payTimed(api, besnik, arta.accountCode, '0.50');
    const last = await first.waitFor((e) => e.data.paymentId === seen.id);
    first.close();
    const missed = Array.from({ length: 2_500 }, (_, n) => received(arta.customerId, n));
    await inTransaction(api.database, (trx) => recordEvents(trx, missed));
    const second = listen(url, arta.token, last.id);
    await second.opened;
    // Replayed pages and live delivery may interleave: what counts is that every one arrives.
    const missedIds = new Set(missed.map((e) => (e.payload as { paymentId: string }).paymentId));
    const heard = () =>
      new Set(second.events.filter((e) => missedIds.has(String(e.data.paymentId))).map((e) => e.id))
        .size;
    for (const deadline = Date.now() + 5_000; heard() < missed.length && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard()).toBe(missed.length);
    expect(second.events.every((e) => BigInt(e.id) > BigInt(last.id))).toBe(true);
    second.close();
  });

  it('the retention job deletes events older than the retention period and keeps the rest', async () => {
    await inTransaction(api.database, (trx) =>
      recordEvents(trx, [received(others[0]!, 1), received(others[1]!, 2)]),
    );
    const total = await countEvents(api);
    const { id: newest } = await api.database.db
      .selectFrom('live_events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    // Everything but the newest event is made older than the retention period.
    await sql`update live_events set created_at = now() - make_interval(secs => ${
      liveEventRetentionMs / 1_000 + 60
    }) where id < ${newest}`.execute(api.database.db);
    expect(await pruneLiveEvents(api.database.db, liveEventRetentionMs, 1_000)).toBe(total - 1);
    expect(await countEvents(api)).toBe(1);
    expect(await pruneLiveEvents(api.database.db)).toBe(0);
  });

  it('the stream still needs a session after all this', async () => {
    const response = await fetch(`${url}/api/events`, { headers: bearer('not-a-token') });
    expect(response.status).toBe(401);
  });
});

async function countEvents(api: TestBank): Promise<number> {
  const row = await api.database.db
    .selectFrom('live_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function report(
  burst: string,
  paid: { confirmStartedAt: number; committedBy: number },
  receivedAt: number,
) {
  console.log(
    `[${engineName}] burst of ${burstSize} for ${burst}: event ${receivedAt - paid.committedBy} ms after the confirm answered, ${receivedAt - paid.confirmStartedAt} ms after it was sent`,
  );
}

/** A transaction held open until `commit()` is called: it has written its events already. */
async function openTransaction(
  api: TestBank,
  events: { customerId: string; payload: LiveEvent }[],
) {
  let commit!: () => void;
  const gate = new Promise<void>((resolve) => (commit = resolve));
  let written!: () => void;
  const ready = new Promise<void>((resolve) => (written = resolve));
  const done = inTransaction(api.database, async (trx) => {
    await sql`select pg_current_xact_id()`.execute(trx);
    await recordEvents(trx, events);
    written();
    await gate;
  });
  await ready;
  return {
    commit: async () => {
      commit();
      await done;
    },
  };
}

// PGlite has one connection and runs one transaction at a time: commits cannot interleave there.
describe.runIf(onPostgres)('live events committed out of id order on postgres', () => {
  let api: TestBank;
  let arta: SmartPayCustomer;
  let hub: EventHub;
  const heard: { id: bigint; paymentId: string; at: number }[] = [];
  const heardOf = (event: { payload: LiveEvent }) =>
    heard.filter((h) => h.paymentId === (event.payload as { paymentId: string }).paymentId);
  const waitUntilHeard = async (event: { payload: LiveEvent }, timeoutMs: number) => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      if (heardOf(event).length > 0) return heardOf(event)[0]!;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`not heard within ${timeoutMs} ms`);
  };
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    hub = startEventHub({ database: api.database, pollIntervalMs: 60_000 });
    hub.subscribe(arta.customerId, (e) =>
      heard.push({ id: e.id, paymentId: String(e.data.paymentId), at: Date.now() }),
    );
  });
  afterAll(async () => {
    await hub.stop();
    await api.close();
  });

  it('an event that commits after a larger id was delivered still reaches the stream, once', async () => {
    const early = received(arta.customerId, 1);
    const slow = await openTransaction(api, [early]);
    const later = received(arta.customerId, 2);
    await inTransaction(api.database, (trx) => recordEvents(trx, [later]));
    await waitUntilHeard(later, 2_000);
    expect(heardOf(early)).toEqual([]);
    const committedAt = Date.now();
    await slow.commit();
    const late = await waitUntilHeard(early, 3_000);
    expect(late.id).toBeLessThan(heardOf(later)[0]!.id);
    console.log(`[postgres] late event heard ${late.at - committedAt} ms after its commit`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardOf(early)).toHaveLength(1);
    expect(heardOf(later)).toHaveLength(1);
  });

  it('a long-running transaction elsewhere delays no new event', async () => {
    const idle = await openTransaction(api, []);
    const paid = received(arta.customerId, 3);
    const committedAt = Date.now();
    await inTransaction(api.database, (trx) => recordEvents(trx, [paid]));
    const event = await waitUntilHeard(paid, 1_000);
    expect(event.at - committedAt).toBeLessThan(1_000);
    await idle.commit();
  });

  it('a late event behind a long-running transaction is delivered when that one has ended', async () => {
    const oldest = await openTransaction(api, []);
    const early = received(arta.customerId, 4);
    const slow = await openTransaction(api, [early]);
    const later = received(arta.customerId, 5);
    await inTransaction(api.database, (trx) => recordEvents(trx, [later]));
    await waitUntilHeard(later, 2_000);
    await slow.commit();
    // Its id was passed while it ran, and an older transaction still runs: it waits for that one.
    await new Promise((resolve) => setTimeout(resolve, 300));
    hub.wake();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardOf(early)).toEqual([]);
    await oldest.commit();
    // Its end NOTIFYs nobody (it wrote no event): the next poll or event finds the late one.
    hub.wake();
    await waitUntilHeard(early, 3_000);
    expect(heardOf(early)).toHaveLength(1);
  });

  it('a client that saw a larger id receives, on resume, an event that committed later with a smaller id', async () => {
    const early = received(arta.customerId, 6);
    const slow = await openTransaction(api, [early]);
    const later = received(arta.customerId, 7);
    await inTransaction(api.database, (trx) => recordEvents(trx, [later]));
    const seen = await waitUntilHeard(later, 2_000);
    await slow.commit();
    const replayed: bigint[] = [];
    for await (const event of hub.replay(arta.customerId, seen.id))
      if (event.data.paymentId === (early.payload as { paymentId: string }).paymentId)
        replayed.push(event.id);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]).toBeLessThan(seen.id);
  });
});
