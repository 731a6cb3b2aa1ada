import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineName } from '../helpers/database.ts';
import { listen, listenOn } from '../helpers/sse.ts';
import {
  customerWithQrAccount,
  setUpBank,
  type SmartPayCustomer,
  startTestBank,
  type TestBank,
} from '../helpers/bank.ts';
import { createRequest, pay } from '../helpers/payments.ts';

describe(`live events on ${engineName}`, () => {
  let api: TestBank;
  let url: string;
  let arta: SmartPayCustomer;
  let besnik: SmartPayCustomer;
  beforeAll(async () => {
    api = await startTestBank();
    await setUpBank(api);
    arta = await customerWithQrAccount(api, 'Arta Krasniqi');
    besnik = await customerWithQrAccount(api, 'Besnik Gashi');
    url = await listenOn(api.app);
  });
  afterAll(async () => {
    await api.close();
  });

  it('the payee hears payment.received and request.paid within a second of the payment', async () => {
    const stream = listen(url, arta.token);
    const response = await stream.opened;
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const request = await createRequest(api, arta, '12.50');
    const paid = await pay(api, besnik, request.payload);
    const started = Date.now();
    const received = await stream.waitFor(
      (e) => e.event === 'payment.received' && e.data.paymentId === paid.json().id,
      1_000,
    );
    expect(received.data).toMatchObject({
      amount: '12.50',
      currency: 'EUR',
      payerName: 'Besnik G.',
    });
    await stream.waitFor(
      (e) => e.event === 'request.paid' && e.data.requestId === request.id,
      1_000,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    stream.close();
  });

  it("the payer does not hear the payee's events", async () => {
    const stream = listen(url, besnik.token);
    await stream.opened;
    const paid = await pay(api, besnik, arta.accountCode, '1.00');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(stream.events.filter((e) => e.data.paymentId === paid.json().id)).toEqual([]);
    stream.close();
  });

  it('a client that reconnects with Last-Event-ID receives what it missed', async () => {
    const first = listen(url, arta.token);
    await first.opened;
    const one = await pay(api, besnik, arta.accountCode, '2.00');
    const seen = await first.waitFor((e) => e.data.paymentId === one.json().id);
    first.close();
    const missed = await pay(api, besnik, arta.accountCode, '3.00');
    const second = listen(url, arta.token, seen.id);
    await second.opened;
    const replayed = await second.waitFor((e) => e.data.paymentId === missed.json().id);
    expect(BigInt(replayed.id)).toBeGreaterThan(BigInt(seen.id));
    second.close();
  });

  it('the stream needs a session', async () => {
    const response = await fetch(`${url}/api/events`);
    expect(response.status).toBe(401);
  });

  it('an event committed through one server reaches a client of another server on the same database', async () => {
    const other = await startTestBank({ sameDatabaseAs: api });
    const otherUrl = await listenOn(other.app);
    const stream = listen(otherUrl, arta.token);
    await stream.opened;
    const paid = await pay(api, besnik, arta.accountCode, '4.00');
    await stream.waitFor((e) => e.data.paymentId === paid.json().id, 1_500);
    stream.close();
    await other.close();
  });
});
