/**
 * Every screen of the app, in Albanian and in English, on a 360×640 phone (issue 13: "axe finds
 * nothing serious on any screen", "both languages are complete"). One customer with data on
 * every screen (a QR account and a second bank account, an open request, payments in and out, a
 * refund, a refund asked of them, a held payment) visits each route of web/src/App.tsx through
 * the app, and on each screen axe-core finds nothing serious and no text is left untranslated:
 * no raw text key (`home.myAccounts`), no {{placeholder}}, no text of the other language.
 *
 * The routes are read from App.tsx: a route that this sweep does not visit fails the first test,
 * so a new screen cannot go without its check.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { customerWithQrAccount, lastSmsId, type SmartPayCustomer } from '../helpers/bank.ts';
import { pay, refund } from '../helpers/payments.ts';
import { type Language, otherLanguageTexts } from './pages/labels.ts';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { type BrowserTestServer, expect, expectAccessible, test } from './support/fixtures.ts';

/** The paths of App.tsx's routes, as its source writes them (`*` is the catch-all). */
const appRoutes = [
  ...readFileSync(new URL('../../web/src/App.tsx', import.meta.url), 'utf8').matchAll(
    /\bpath="([^"]+)"/g,
  ),
].map((match) => match[1]!);

/** What the customer has, made through the API before the phones open (names without ë or ç). */
interface SweepData {
  readonly customer: SmartPayCustomer;
  readonly requestId: string;
  /** Received, and partly refunded by the customer. */
  readonly refundedPaymentId: string;
  /** Received, and its payer asks for a refund. */
  readonly askedPaymentId: string;
  /** Sent by the customer. */
  readonly sentPaymentId: string;
  /** Held by the customer's cooling-off. */
  readonly holdId: string;
  /** The account code of a payee the customer has paid before (not held, not a first time). */
  readonly knownPayeeCode: string;
}

async function sweepData(server: BrowserTestServer): Promise<SweepData> {
  const customer = await customerWithQrAccount(server, 'Lira Kastrati', {
    accounts: [
      { currency: 'EUR', balance: 500_000n },
      { currency: 'USD', balance: 100_000n },
    ],
  });
  const friend = await customerWithQrAccount(server, 'Valon Morina', { balance: 500_000n });
  const newPayee = await customerWithQrAccount(server, 'Teuta Bajrami');
  const paid = async (answer: { statusCode: number; body: string; json(): unknown }) => {
    expect(answer.statusCode, answer.body).toBeLessThan(300);
    return (answer.json() as { id: string }).id;
  };

  const request = await server.call('POST', '/api/requests', {
    token: customer.token,
    body: { qrAccountId: customer.qrAccountId, amount: '12.50', note: 'Dreka' },
  });
  expect(request.status, request.text).toBe(201);
  const refundedPaymentId = await paid(await pay(server, friend, customer.accountCode, '12.00'));
  await paid(await refund(server, customer, refundedPaymentId, '5.00'));
  const askedPaymentId = await paid(await pay(server, friend, customer.accountCode, '8.00'));
  const asked = await server.call('POST', `/api/payments/${askedPaymentId}/refund-requests`, {
    token: friend.token,
    body: { reason: 'Paid twice' },
  });
  expect(asked.status, asked.text).toBe(201);
  const sentPaymentId = await paid(await pay(server, customer, friend.accountCode, '4.20'));

  // Cooling-off: a first payment above 20 EUR waits an hour; nothing releases it in this test.
  const coolingOff = await server.call('PUT', '/api/me/cooling-off', {
    token: customer.token,
    body: { enabled: true, threshold: '20.00', delayMinutes: 60 },
  });
  expect(coolingOff.status, coolingOff.text).toBe(200);
  const held = await pay(server, customer, newPayee.accountCode, '25.00');
  expect(held.statusCode, held.body).toBe(202);

  return {
    customer,
    requestId: request.json.id as string,
    refundedPaymentId,
    askedPaymentId,
    sentPaymentId,
    holdId: (held.json() as { id: string }).id,
    knownPayeeCode: friend.accountCode,
  };
}

/** One phone's walk through the app: the routes it checked so far. */
class Sweep {
  readonly checked = new Set<string>();
  /** The route being visited. */
  route = '';
  smsBefore = 0n;

  constructor(
    readonly phone: SmartPayPhone,
    readonly data: SweepData,
  ) {}

  get page(): Page {
    return this.phone.page;
  }

  /** The screen as it is now, once it has loaded: axe-core and its texts. */
  async check(state?: string): Promise<void> {
    const name = `${this.route}${state ? `, ${state}` : ''} (${this.phone.language})`;
    await expect(this.page.locator('.loading')).toHaveCount(0);
    await expectAccessible(this.page, name);
    expect(await untranslated(this.page, this.phone.language), `texts on ${name}`).toEqual([]);
    this.checked.add(this.route);
  }

  /** The confirmation dialog that button `openerKey` opens: checked, then dismissed. */
  async checkDialog(
    openerKey: string,
    titleKey: string,
    dismissKey = 'common.cancel',
  ): Promise<void> {
    await this.phone.button(openerKey).click();
    const dialog = this.page.getByRole('dialog', { name: this.phone.text(titleKey) });
    await expect(dialog).toBeVisible();
    await this.check(`dialog "${this.phone.text(titleKey)}"`);
    await dialog.getByRole('button', { name: this.phone.text(dismissKey), exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}

interface Visit {
  /** The route's path as App.tsx writes it. */
  readonly route: string;
  /** The screen's h1. */
  readonly heading: string;
  /** Gets the phone there through the app, from where the visit before left it. */
  open(sweep: Sweep): Promise<unknown>;
  /** Other states of the same screen (dialogs, a refusal, the next step), each checked too. */
  more?(sweep: Sweep): Promise<void>;
}

const goto = (path: string | ((data: SweepData) => string)) => (sweep: Sweep) =>
  sweep.page.goto(typeof path === 'string' ? path : path(sweep.data));

/** In order: logged out first, then the login, then every screen of a logged-in customer. */
const visits: readonly Visit[] = [
  {
    route: '*',
    heading: 'welcome.title',
    async open(sweep) {
      await sweep.page.goto('/no-such-screen');
      await expect(sweep.page).toHaveURL(/\/$/);
    },
  },
  { route: '/', heading: 'welcome.title', open: goto('/') },
  {
    route: '/enroll',
    heading: 'terms.title',
    open: (sweep) => sweep.page.getByRole('button', { name: /SmartPay/ }).click(),
  },
  {
    route: '/login',
    heading: 'login.title',
    async open(sweep) {
      await sweep.page.goto('/');
      await sweep.phone.link('welcome.alreadyUser').click();
    },
  },
  {
    route: '/login/otp',
    heading: 'otp.title',
    async open(sweep) {
      sweep.smsBefore = await lastSmsId(sweep.phone.server, sweep.data.customer.cif);
      await sweep.phone.enterLoginData(sweep.data.customer);
    },
  },
  {
    route: '/trust-device',
    heading: 'trust.title',
    open: (sweep) => sweep.phone.enterSmsCode(sweep.data.customer, sweep.smsBefore),
  },
  {
    route: '/home',
    heading: 'home.title',
    open: (sweep) => sweep.phone.skipTrustingThisDevice(),
  },
  {
    route: '/accounts/new',
    heading: 'accounts.createTitle',
    async open(sweep) {
      await sweep.phone.link('home.create').click();
      // The USD account has no QR account yet: it is offered.
      await expect(sweep.page.getByRole('radio', { name: /^USD ·/ })).toBeVisible();
    },
  },
  {
    route: '/accounts/:id',
    heading: 'accounts.detailTitle',
    open: goto((data) => `/accounts/${data.customer.qrAccountId}`),
    more: (sweep) => sweep.checkDialog('accounts.delete', 'accounts.deleteTitle'),
  },
  {
    route: '/requests',
    heading: 'requests.title',
    async open(sweep) {
      await sweep.page.goto('/requests');
      await expect(
        sweep.page
          .getByRole('list', { name: sweep.phone.text('requests.title') })
          .getByRole('listitem'),
      ).toHaveCount(1);
    },
  },
  { route: '/requests/new', heading: 'request.newTitle', open: goto('/requests/new') },
  {
    route: '/requests/:id',
    heading: 'request.title',
    open: goto((data) => `/requests/${data.requestId}`),
    more: (sweep) => sweep.checkDialog('request.cancel', 'request.cancelTitle'),
  },
  {
    route: '/incoming',
    heading: 'payments.incomingTitle',
    async open(sweep) {
      await sweep.page.goto('/incoming');
      await expect(
        sweep.page.getByRole('heading', { name: sweep.phone.text('refund.pending') }),
      ).toBeVisible();
    },
  },
  {
    route: '/outgoing',
    heading: 'payments.outgoingTitle',
    async open(sweep) {
      await sweep.page.goto('/outgoing');
      await expect(sweep.page.getByText(/Teuta B\./).first()).toBeVisible();
    },
  },
  {
    route: '/payments/export',
    heading: 'exportHistory.title',
    open: (sweep) => sweep.phone.link('exportHistory.open').click(),
  },
  {
    route: '/payments/:id',
    heading: 'receipt.title',
    open: goto((data) => `/payments/${data.refundedPaymentId}`),
    async more(sweep) {
      for (const [id, state] of [
        [sweep.data.askedPaymentId, 'a refund asked'],
        [sweep.data.sentPaymentId, 'a payment sent'],
      ] as const) {
        await sweep.page.goto(`/payments/${id}`);
        await expect(sweep.phone.heading('receipt.title')).toBeVisible();
        await sweep.check(state);
      }
    },
  },
  {
    route: '/payments/:id/refund',
    heading: 'refund.title',
    open: goto((data) => `/payments/${data.askedPaymentId}/refund`),
    async more(sweep) {
      await sweep.phone.button('refund.continue').click();
      await expect(sweep.phone.button('refund.confirm')).toBeVisible();
      await sweep.check('its confirmation');
    },
  },
  { route: '/pay', heading: 'scan.title', open: goto('/pay') },
  {
    route: '/pay/paste',
    heading: 'paste.title',
    open: (sweep) => sweep.phone.link('paste.open').click(),
    async more(sweep) {
      await sweep.phone.button('common.continue').click();
      await expect(sweep.page.getByRole('alert')).toHaveText(sweep.phone.text('paste.missing'));
      await sweep.check('nothing pasted');
    },
  },
  {
    route: '/pay/explain',
    heading: 'explain.title',
    async open(sweep) {
      await sweep.phone.pasteCode(
        'BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross of Belgium\nBE72000000001616\nEUR12.5\n\n\nDonation',
      );
      await expect(sweep.page.getByText('BE72000000001616')).toBeVisible();
    },
  },
  {
    route: '/pay/confirm',
    heading: 'confirm.title',
    async open(sweep) {
      await sweep.phone.pasteCode(sweep.data.knownPayeeCode);
      await expect(sweep.page.getByLabel(sweep.phone.text('confirm.enterAmount'))).toBeVisible();
    },
    async more(sweep) {
      const amount = sweep.phone.language === 'sq' ? '1,50' : '2.50';
      await sweep.phone.enterAmountToPay(amount);
      await sweep.phone.expectConfirmation(/VALON M\./i, amount);
      await sweep.check('the figures');
    },
  },
  {
    route: '/pay/done/:id',
    heading: 'success.title',
    open: (sweep) => sweep.phone.completePayment(),
  },
  {
    route: '/pay/held/:id',
    heading: 'hold.title',
    open: goto((data) => `/pay/held/${data.holdId}`),
    more: (sweep) => sweep.checkDialog('hold.cancel', 'hold.cancelTitle', 'hold.keep'),
  },
  {
    route: '/profile',
    heading: 'profile.title',
    open: (sweep) => sweep.phone.openProfile(),
    more: (sweep) => sweep.checkDialog('profile.forgetMe', 'profile.forgetMeTitle'),
  },
];

test('the sweep visits every route of App.tsx, and only those', () => {
  expect(appRoutes.length).toBeGreaterThan(20);
  expect([...visits.map((visit) => visit.route)].sort()).toEqual([...appRoutes].sort());
});

test.describe('every screen at 360×640', () => {
  let data: SweepData;

  test.beforeAll(async ({ server }) => {
    data = await sweepData(server);
  });

  for (const language of ['sq', 'en'] as const) {
    test(`axe-core finds nothing serious and every text is translated (${language})`, async ({
      server,
      openPhone,
    }) => {
      const phone = await SmartPayPhone.open(server, openPhone, language);
      const sweep = new Sweep(phone, data);
      for (const visit of visits) {
        await test.step(visit.route, async () => {
          await visit.open(sweep);
          await expect(phone.heading(visit.heading)).toBeVisible();
          sweep.route = visit.route;
          await sweep.check();
          await visit.more?.(sweep);
        });
      }
      expect(appRoutes.filter((route) => !sweep.checked.has(route))).toEqual([]);
    });
  }
});

// ---------- what counts as untranslated ----------

/** A dotted text key as i18next shows one it does not know: `request.newTitle`, `errors.QR_X`. */
const rawKey = /^[a-z][A-Za-z0-9_]+(?:\.[A-Za-z0-9_]{2,})+$/;
const placeholder = /\{\{[^}]*\}\}|\[object Object\]|\bundefined\b|\bNaN\b/;

/** What the screen says that is not in its language: raw keys, placeholders, the other language. */
async function untranslated(page: Page, language: Language): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const found = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))
      for (const name of ['aria-label', 'title', 'placeholder', 'alt'])
        found.push(element.getAttribute(name) ?? '');
    return found;
  });
  const problems = new Set<string>();
  for (const text of texts) {
    for (const word of text.split(/\s+/)) {
      const bare = word.replace(/^[("“«]+|[)"”».,:;!?]+$/g, '');
      if (rawKey.test(bare)) problems.add(`raw text key: ${bare}`);
    }
    const left = placeholder.exec(text);
    if (left) problems.add(`left in the text: ${left[0]}`);
    for (const other of otherLanguageTexts(language))
      if (text.includes(other)) problems.add(`text of the other language: ${other}`);
    if (language === 'en') {
      const albanian = /\S*[ëçËÇ]\S*/.exec(text);
      if (albanian) problems.add(`Albanian letters on an English screen: ${albanian[0]}`);
    }
  }
  return [...problems];
}
