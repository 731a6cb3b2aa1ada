/**
 * The smaller points of issue 13, each on a 360×640 phone: the guide's Albanian name for the
 * device login, the amount icon, rates and terms as people read them, the limits on the profile,
 * receipts, no dead ends, notices that stay on their screen, the way back after an idle logout,
 * tap targets of at least 44×44 px, and a payment's key that survives a reload.
 */
import type { Locator, Page } from '@playwright/test';
import { loadSettings } from '../../src/db/settings.ts';
import { pay } from '../helpers/payments.ts';
import {
  customerWithMoney,
  customerWithQrAccount,
  lastSmsId,
  type SmartPayCustomer,
} from '../helpers/bank.ts';
import { PayerPhone } from './pages/payer-screens.ts';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import {
  type BrowserTestServer,
  expect,
  expectAccessible,
  saveScreen,
  test,
} from './support/fixtures.ts';

test.afterEach(({ server }) => server.clock.reset());

test('Albanian names the device login SmartFNP, as the guide does; English keeps SmartOTP', async ({
  server,
  openPhone,
}) => {
  const { phone } = await SmartPayPhone.loggedIn(server, openPhone, 'Arta Krasniqi');
  await phone.openProfile();
  const main = phone.page.getByRole('main');
  await expect(main).toContainText('SmartFNP');
  await expect(main).not.toContainText('SmartOTP');
  await phone.page.getByRole('button', { name: 'English' }).click();
  await expect(phone.page.getByRole('button', { name: 'Exit' })).toBeVisible();
  await expect(main).toContainText('SmartOTP');
  await expect(main).not.toContainText('SmartFNP');
});

test('"Specifikoni Shumën" shows a banknote, not a dollar sign', async ({ server, openPhone }) => {
  const { phone, customer: arta } = await SmartPayPhone.loggedIn(
    server,
    openPhone,
    'Arta Krasniqi',
  );
  await expectBanknote(phone.link('home.specifyAmount'));
  await phone.openQrAccount(arta.qrAccountId);
  await expectBanknote(phone.link('home.specifyAmount'));
});

test('a rate reads as a person reads it: "1 USD = 0,9259 EUR"', async ({ server, openPhone }) => {
  // A USD account pays a EUR code: the bank's rate of the day is 1.08 USD per EUR.
  const payee = await customerWithQrAccount(server, 'Dardan Berisha');
  const { phone } = await SmartPayPhone.loggedIn(server, openPhone, 'Era Hoxha', {
    currency: 'USD',
  });
  await phone.openScanner();
  await phone.pasteCode(payee.accountCode);
  await phone.enterAmountToPay('10');
  await expect(phone.heading('confirm.title')).toBeVisible();
  await expect(phone.page.getByRole('main')).toContainText('1 USD = 0,9259 EUR');
  await saveScreen(phone.page, '40-rate');
});

test('the terms write money as the app does: "8.000,00 EUR"', async ({ openPhone, server }) => {
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.openSmartPay();
  await expect(phone.heading('terms.title')).toBeVisible();
  const terms = phone.page.getByRole('document', { name: phone.text('terms.documentLabel') });
  await expect(terms).toContainText('8.000,00 EUR');
  await expect(terms).not.toContainText(/\d,\d{3} EUR/);
});

test('a partial login’s profile: limits under a heading without nested brackets, and nothing left today once the count is used up', async ({
  server,
  openPhone,
}) => {
  const ilir = await customerWithQrAccount(server, 'Ilir Dervishi', { balance: 500_000n });
  const gent = await customerWithQrAccount(server, 'Gent Morina');
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.addPlatformAuthenticator();
  await phone.logInOnNewPhone(ilir);
  await phone.trustThisDevice();
  await phone.exit();
  await phone.logInWithSmartOtp(ilir);

  // A partial login's day: 3 payments at most. Three small ones use the count up, not the sum.
  for (const amount of ['1.00', '2.00', '3.50'])
    expect((await pay(server, ilir, gent.accountCode, amount)).statusCode).toBe(201);
  await phone.openProfile();
  const heading = phone.page.getByRole('heading', { level: 2, name: /Limitet/ });
  await expect(heading).toHaveText(/Kyçje e pjesshme/);
  expect(await heading.textContent()).not.toMatch(/\([^)]*\(/);
  const remaining = phone.page
    .getByRole('term')
    .filter({ hasText: phone.text('profile.remainingToday') });
  const remainingValue = remaining.locator('xpath=following-sibling::dd[1]');
  await expect(remainingValue).toHaveText(phone.text('profile.countUsedUp'));
  await expect(remainingValue).not.toContainText('EUR');
  await saveScreen(phone.page, '41-profile-count-used-up');
});

test('a receipt shows a short reference and can be shared', async ({ server, openPhone }) => {
  const payee = await customerWithQrAccount(server, 'Besnik Gashi');
  const payer = await customerWithQrAccount(server, 'Arta Krasniqi');
  const phone = await SmartPayPhone.open(server, openPhone);
  const page = phone.page;
  await page.addInitScript(() => {
    const shared: string[] = [];
    Object.assign(window, { sharedTexts: shared });
    Object.assign(navigator, {
      share: async (data: { text: string }) => void shared.push(data.text),
    });
  });
  await phone.logInOnNewPhone(payer);
  await phone.skipTrustingThisDevice();
  await phone.openScanner();
  await phone.pasteCode(payee.accountCode);
  await phone.enterAmountToPay('9,99');
  const paymentId = await phone.completePayment();
  await page.goto(`/payments/${paymentId}`);
  const reference = page
    .getByRole('term')
    .filter({ hasText: phone.text('receipt.reference') })
    .locator('xpath=following-sibling::dd[1]');
  await expect(reference).toHaveText(/^[0-9A-F]{8}$/);
  const short = (await reference.textContent()) ?? '';
  expect(paymentId.replaceAll('-', '').toUpperCase().startsWith(short)).toBe(true);
  await phone.button('receipt.share').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { sharedTexts: string[] }).sharedTexts))
    .toEqual([expect.stringContaining(`Referenca ${short}`)]);
  const [text] = await page.evaluate(
    () => (window as unknown as { sharedTexts: string[] }).sharedTexts,
  );
  expect(text).toContain('9,99 EUR');
  expect(text).toContain('Besnik G.');
  await expectAccessible(page, 'receipt');
});

test('"Specifikoni Shumën" without a QR account offers to open one', async ({
  server,
  openPhone,
}) => {
  const jeta = await customerWithMoney(server.database.db, { name: 'Jeta Rama' });
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.enroll(jeta);
  await phone.skipTrustingThisDevice();
  await phone.page.goto('/requests/new');
  await expect(phone.heading('request.newTitle')).toBeVisible();
  await phone.page
    .getByRole('main')
    .getByRole('link', { name: phone.text('home.create') })
    .click();
  await expect(phone.heading('accounts.createTitle')).toBeVisible();
});

test('a notice stays on the screen it is about', async ({ server, openPhone }) => {
  const { phone, customer: arta } = await SmartPayPhone.loggedIn(
    server,
    openPhone,
    'Arta Krasniqi',
  );
  const requestId = await phone.createRequest(arta.qrAccountId, '4');
  await phone.openRequest(requestId);
  await phone.cancelRequest();
  const notices = phone.page.locator('[aria-live="polite"]');
  await expect(notices).toContainText(phone.text('request.cancelledNotice'));
  await phone.page
    .getByRole('navigation', { name: phone.text('nav.label') })
    .getByRole('link', { name: phone.text('nav.home') })
    .click();
  await phone.expectHome();
  // A notice leaves by itself after 7 s, so the default 10 s wait would pass even if it followed
  // the customer home: look while it would still be there.
  await expect(notices).not.toContainText(phone.text('request.cancelledNotice'), {
    timeout: 1_000,
  });
});

test('after an idle logout, logging back in returns to the screen the customer was on', async ({
  server,
  openPhone,
}) => {
  const { phone, customer: arta } = await SmartPayPhone.loggedIn(
    server,
    openPhone,
    'Arta Krasniqi',
  );
  await phone.page.goto('/outgoing');
  const outgoing = phone.page.getByRole('heading', {
    level: 1,
    name: phone.text('payments.outgoingTitle'),
  });
  await expect(outgoing).toBeVisible();
  server.clock.advance((await idleTimeoutMs(server)) + 60_000);
  await phone.page.reload();
  await expect(phone.page.getByText(phone.text('welcome.sessionEnded'))).toBeVisible();
  await phone.page.getByRole('button', { name: /SmartPay/ }).click();
  const before = await lastSmsId(server, arta.cif);
  await phone.enterLoginData(arta);
  await phone.enterSmsCode(arta, before);
  // The offer to trust this device comes first, then the screen the customer was on.
  const carryOn = phone.button('trust.notNow').or(phone.button('common.continue'));
  await carryOn.click();
  await expect(outgoing).toBeVisible();
});

test('every tap target is at least 44×44 px', async ({ server, openPhone }) => {
  const arta = await customerWithQrAccount(server, 'Arta Krasniqi');
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.page.goto('/');
  await expect(
    phone.page.getByRole('heading', { name: phone.text('welcome.title') }),
  ).toBeVisible();
  expect(await smallTapTargets(phone.page), 'pre-login').toEqual([]);
  await phone.logInOnNewPhone(arta);
  await phone.skipTrustingThisDevice();
  for (const [path, heading] of [
    ['/home', 'home.myAccounts'],
    ['/requests', 'nav.requests'],
    ['/profile', 'profile.title'],
    [`/accounts/${arta.qrAccountId}`, 'accounts.detailTitle'],
    ['/pay', 'scan.title'],
  ] as const) {
    await phone.page.goto(path);
    await expect(phone.page.getByRole('heading', { name: phone.text(heading) })).toBeVisible();
    expect(await smallTapTargets(phone.page), path).toEqual([]);
  }
});

test('a payment sent just before a reload is sent again with the same key, and paid once', async ({
  server,
  openPhone,
}) => {
  const payee = await customerWithQrAccount(server, 'Besnik Gashi');
  const { phone, customer: payer } = await PayerPhone.loggedIn(server, openPhone, 'Arta Krasniqi');
  const keys: string[] = [];
  let answered = 0;
  // The first answer is lost on the way back (the payment itself happened on the server).
  await phone.page.route('**/api/payments', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (answered++ > 0) return route.continue();
    await route.fetch();
    return route.abort('internetdisconnected');
  });
  await phone.openScanner();
  await phone.pasteCode(payee.accountCode);
  await phone.enterAmountToPay('6');
  await phone.button('confirm.complete').click();
  await expect.poll(() => keys.length).toBe(1);
  await expect(phone.alert()).toBeVisible();
  await phone.page.reload();
  await expect(phone.heading('success.title')).toBeVisible();
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  expect(await outgoingPayments(server, payer)).toBe(1);
});

// ---------- helpers ----------

/** The icon beside the text: a banknote is wider than tall, a "$" taller than wide. */
async function expectBanknote(link: Locator): Promise<void> {
  await expect(link).toBeVisible();
  const box = await link.locator('svg path').evaluate((path) => {
    const { width, height } = (path as SVGPathElement).getBBox();
    return { width, height };
  });
  expect(box.width).toBeGreaterThan(box.height);
}

async function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const targets = document.querySelectorAll<HTMLElement>(
      'a[href], button, input:not([type="hidden"]), select, textarea, [role="switch"], [role="tab"], summary',
    );
    for (const target of targets) {
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered
      const style = getComputedStyle(target);
      if (style.visibility === 'hidden') continue;
      // An input counts with its label: a radio card, a visually hidden file input's button.
      const label = target.closest('label') ?? (target as HTMLInputElement).labels?.[0] ?? null;
      const labelBox = label?.getBoundingClientRect();
      const area = {
        width: Math.max(box.width, labelBox?.width ?? 0),
        height: Math.max(box.height, labelBox?.height ?? 0),
      };
      if (Math.round(area.width) < 44 || Math.round(area.height) < 44)
        small.push(
          `${target.tagName.toLowerCase()} "${(target.textContent ?? target.getAttribute('aria-label') ?? '').trim().slice(0, 30)}" ${Math.round(area.width)}×${Math.round(area.height)}`,
        );
    }
    return small;
  });
}

/** The bank's idle timeout (setting sessions.idleMinutes). */
async function idleTimeoutMs(server: BrowserTestServer): Promise<number> {
  const settings = await loadSettings(server.database.db);
  return Number(settings['sessions.idleMinutes']) * 60_000;
}

async function outgoingPayments(
  server: BrowserTestServer,
  payer: SmartPayCustomer,
): Promise<number> {
  const rows = await server.database.db
    .selectFrom('payments')
    .select('id')
    .where('payer_customer_id', '=', payer.customerId)
    .execute();
  return rows.length;
}
