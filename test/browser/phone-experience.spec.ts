/**
 * The ten user-facing points of issue 13, each on a 360×640 phone: the pinned pay button, the
 * quiet quote refresh, an offline reload, a deleted account's code refused at scan time,
 * refusals on the field they concern, live balances, the share card, the Requests list, the SMS
 * code screen, and confirmations of destructive actions with texts that say what happened.
 */
import type { Page } from '@playwright/test';
import { labelPattern } from './pages/labels.ts';
import { PayerPhone, wrongCode } from './pages/payer-screens.ts';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { type TestCustomer, lastSmsId } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

interface TwoPhones {
  readonly payee: SmartPayPhone;
  readonly payer: PayerPhone;
  readonly payeeAccount: string;
  readonly gent: TestCustomer;
  readonly hana: TestCustomer;
}

test.describe('on a 360×640 phone', () => {
  let phones: TwoPhones;

  test.beforeEach(async ({ server, openPhone }) => {
    const payee = await SmartPayPhone.newUser(server, openPhone, 'Gent Morina');
    const payer = await PayerPhone.newUser(server, openPhone, 'Hana Shala');
    phones = {
      payee: payee.phone,
      payer: payer.phone,
      payeeAccount: payee.qrAccountId,
      gent: payee.customer,
      hana: payer.customer,
    };
  });

  test.afterEach(async () => {
    await phones.payer.setQuoteValiditySeconds(60);
  });

  test('1. the pay button stays on screen at the largest font, and the tab bar is hidden while paying', async () => {
    const { payee, payer, payeeAccount } = phones;
    const requestId = await payee.createRequest(payeeAccount, '12,50', 'Dreka me shokët');
    await payer.useLargestSystemFont();
    await payer.scanFromGallery(await payee.requestPicture(requestId));
    await payer.expectConfirmation('Gent M.', '12,50');
    await expect(payer.button('confirm.complete')).toBeInViewport({ ratio: 1 });
    await expect(payer.page.getByText(labelPattern('sq', 'confirm.validFor'))).toBeInViewport();
    await expect(payer.navigation()).toHaveCount(0);
    await saveScreen(payer.page, '30-confirm-largest-font');
    await expectAccessible(payer.page, 'confirmation at the largest font');
    await payer.completePayment();
    await expect(payer.navigation()).toBeVisible();
  });

  test('2. a quote that runs out while the customer reads is refreshed quietly', async () => {
    const { payee, payer, payeeAccount } = phones;
    await payer.setQuoteValiditySeconds(10);
    const requestId = await payee.createRequest(payeeAccount, '7');
    await payer.scanFromGallery(await payee.requestPicture(requestId));
    await payer.expectConfirmation('Gent M.', '7,00');
    // Well past the first quote's 10 s: nothing changed, so no question and no expiry.
    await payer.page.waitForTimeout(13_000);
    await expect(payer.page.getByText(payer.text('confirm.expired'))).toHaveCount(0);
    await expect(payer.button('confirm.refresh')).toHaveCount(0);
    await expect(payer.page.getByText(payer.text('confirm.figuresChanged'))).toHaveCount(0);
    await expect(payer.page.getByText(labelPattern('sq', 'confirm.validFor'))).toBeVisible();
    await payer.completePayment();
  });

  test('3. a reload without connection keeps the session and says there is no connection', async () => {
    const { payer } = phones;
    await payer.page.goto('/home');
    await payer.expectHome();
    await payer.page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await payer.page.reload();
    await expect(
      payer.page.getByRole('heading', { name: payer.text('offline.title') }),
    ).toBeVisible();
    await expect(payer.page.getByText(payer.text('welcome.sessionEnded'))).toHaveCount(0);
    await saveScreen(payer.page, '31-offline');
    await expectAccessible(payer.page, 'offline');
    await payer.page.unroute('**/api/**');
    await payer.button('offline.retry').click();
    await payer.expectHome();
  });

  test('4. a deleted account’s code is refused at scan time, in plain words', async () => {
    const { payee, payer, payeeAccount } = phones;
    const accountPicture = await payee.accountCodePicture(payeeAccount);
    await payee.deleteQrAccount(payeeAccount);
    await payer.scanFromGallery(accountPicture);
    await expect(payer.alert()).toHaveText(payer.text('errors.QR_ACCOUNT_NOT_VALID'));
    await expect(payer.alert()).not.toContainText('tiketa');
    await expect(payer.amountField()).toHaveCount(0);
    await expect(payer.button('confirm.changeAmount')).toHaveCount(0);
    await expect(payer.link('confirm.scanAgain')).toBeVisible();
    await saveScreen(payer.page, '32-refused-at-scan');
  });

  test('5. a refusal sits on the amount field, keeps what was typed and offers what exists', async () => {
    const { payee, payer, payeeAccount } = phones;
    const accountPicture = await payee.accountCodePicture(payeeAccount);
    await payer.scanFromGallery(accountPicture);
    await payer.enterAmountToPay('9000');
    // A full session: the limit is the highest there is, printed the Albanian way.
    await payer.expectAmountRefused('9000', /8\.000,00 EUR/);
    await expect(payer.page.getByText(/kyçuni plotësisht/i)).toHaveCount(0);
    await expect(payer.page.getByText(/Zgjidhni një llogari tjetër/i)).toHaveCount(0);
    await saveScreen(payer.page, '33-refusal-on-field');
    await expectAccessible(payer.page, 'refusal on the amount field');
    await payer.amountField().fill('20');
    await payer.button('common.continue').click();
    await payer.expectConfirmation('Gent M.', '20,00');
  });

  test('5b. a partial-login customer over the limit steps up with the SMS code right there', async ({
    server,
    openPhone,
  }) => {
    const { payee, payeeAccount } = phones;
    const { phone, customer: ilir } = await PayerPhone.newUserOnTrustedPhone(
      server,
      openPhone,
      'Ilir Dervishi',
    );
    await phone.createQrAccount('EUR');
    await phone.exit();
    await phone.logInWithSmartOtp(ilir);
    await expect(phone.page.getByText(phone.text('profile.level.partial'))).toBeVisible();

    await phone.scanFromGallery(await payee.accountCodePicture(payeeAccount));
    await phone.enterAmountToPay('150');
    await phone.expectAmountRefused('150', /100,00 EUR/);
    await phone.button('confirm.stepUp').click();
    const before = await lastSmsId(server, ilir.cif);
    await phone.page.getByLabel(phone.text('login.password'), { exact: true }).fill(ilir.password);
    await phone.button('stepUp.send').click();
    await phone.typeSmsCode(await phone.currentSmsCode(ilir.cif, before));
    // A full session now: the same amount, still typed, is within the limit.
    await phone.expectConfirmation('Gent M.', '150,00');
    await phone.completePayment();
  });

  test('6. the balance follows a live payment, and "Në dispozicion" is explained', async () => {
    const { payee, payer, payeeAccount } = phones;
    await payee.openQrAccount(payeeAccount);
    await expect(payee.page.getByText(payee.text('accounts.availableExplain'))).toBeVisible();
    const balance = payee.page.getByRole('definition').filter({ hasText: /EUR/ }).first();
    await expect(balance).toContainText('5.000,00');
    await payer.scanFromGallery(await payee.accountCodePicture(payeeAccount));
    await payer.enterAmountToPay('20');
    await payer.completePayment();
    await expect(payee.page.locator('[aria-live="polite"]')).toContainText('20,00 EUR');
    await expect(balance).toContainText('5.020,00');
  });

  test('7. a shared code is a card with the name, amount, validity and the bank', async () => {
    const { payee, payeeAccount } = phones;
    await payee.page.addInitScript(() => {
      const shared: unknown[] = [];
      Object.assign(window, { sharedItems: shared });
      Object.assign(navigator, {
        canShare: () => true,
        share: async (data: { files: File[]; text: string }) => {
          const file = data.files[0];
          shared.push({
            text: data.text,
            type: file?.type,
            size: file ? new Uint8Array(await file.arrayBuffer()).slice(16, 24) : [],
          });
        },
      });
    });
    const requestId = await payee.createRequest(payeeAccount, '9,99');
    await payee.button('share.share').click();
    const shared = await sharedItems(payee.page);
    expect(shared.text).toContain('9,99 EUR');
    expect(shared.type).toBe('image/png');
    // PNG header: width and height, big-endian. A card is taller than it is wide.
    const [width, height] = [readUint32(shared.size, 0), readUint32(shared.size, 4)];
    expect(height).toBeGreaterThan(width);
    const svg = await (await payee.page.request.get(`/api/requests/${requestId}/card.svg`)).text();
    for (const text of ['Gent M.', '9,99 EUR', 'Vlen deri', 'Skanoni me SmartPay'])
      expect(svg).toContain(text);
    const png = await payee.page.request.get(`/api/requests/${requestId}/card.png`);
    expect(png.headers()['content-type']).toBe('image/png');
  });

  test('8. Requests: paid by whom in the success colour, every chip in sight, an empty list offers a request', async () => {
    const { payee, payer, payeeAccount } = phones;
    await payer.page.goto('/requests');
    await expect(
      payer.page.getByRole('main').getByRole('link', { name: payer.text('requests.create') }),
    ).toBeVisible();
    const requestId = await payee.createRequest(payeeAccount, '5');
    await payer.scanFromGallery(await payee.requestPicture(requestId));
    await payer.completePayment();
    await payee.page.goto('/requests');
    const paid = payee.page.getByText('Paguar nga Hana S.');
    await expect(paid).toBeVisible();
    const style = await paid.evaluate((element) => {
      const row = element.closest('li');
      const amount = row?.querySelector('.money');
      return {
        color: getComputedStyle(element).color,
        decoration: amount ? getComputedStyle(amount).textDecorationLine : '',
      };
    });
    expect(style.decoration).not.toContain('line-through');
    expect(style.color).toBe(await successColour(payee.page));
    for (const status of ['all', 'open', 'closed', 'cancelled', 'expired'])
      await expect(
        payee.page.getByRole('button', { name: payee.text(`requests.filter.${status}`) }),
      ).toBeInViewport({ ratio: 1 });
    await saveScreen(payee.page, '34-requests-paid');
    await expectAccessible(payee.page, 'requests with a paid one');
  });

  test('9. the SMS code: a countdown on resend, submits itself, a wrong code is cleared', async ({
    server,
  }) => {
    const { payer, hana } = phones;
    await payer.exit();
    const before = await lastSmsId(server, hana.cif);
    await payer.openSmartPay();
    await payer.enterLoginData(hana);
    await expect(payer.heading('otp.title')).toBeVisible();
    await expect(payer.codeField()).toHaveAttribute('autocomplete', 'one-time-code');
    await expect(payer.resendButton()).toBeDisabled();
    await expect(payer.resendButton()).toContainText(/0:\d\d/);
    const code = await payer.currentSmsCode(hana.cif, before);
    await payer.typeSmsCode(wrongCode(code));
    await expect(payer.alert()).toHaveText(payer.text('errors.OTP_INVALID'));
    await expect(payer.codeField()).toHaveValue('');
    await saveScreen(payer.page, '35-sms-code-wrong');
    await payer.typeSmsCode(code);
    await payer.skipTrustingThisDevice();
  });

  test('10. "Anulo QR" and "Më harro" ask first; leaving says what happened', async ({
    server,
    openPhone,
  }) => {
    const { payee, payeeAccount } = phones;
    const requestId = await payee.createRequest(payeeAccount, '3');
    await payee.openRequest(requestId);
    await payee.button('request.cancel').click();
    const cancelDialog = payee.page.getByRole('dialog', {
      name: payee.text('request.cancelTitle'),
    });
    await expect(cancelDialog).toBeVisible();
    await expectAccessible(payee.page, 'cancel dialog');
    await cancelDialog.getByRole('button', { name: payee.text('request.cancelApprove') }).click();
    await expect(payee.page.locator('[aria-live="polite"]')).toContainText(
      payee.text('request.cancelledNotice'),
    );

    await payee.exit();
    await expect(payee.page.getByText(payee.text('welcome.signedOut'))).toBeVisible();
    await expect(payee.page.getByText(payee.text('welcome.sessionEnded'))).toHaveCount(0);

    // A trusted device whose owner turned SmartOTP off: the login page no longer promises it.
    const { phone, customer: ilir } = await SmartPayPhone.newUserOnTrustedPhone(
      server,
      openPhone,
      'Ilir Dervishi',
    );
    await phone.openProfile();
    await phone.page.getByRole('switch', { name: phone.text('profile.smartOtpLabel') }).click();
    await expect(
      phone.page.getByRole('switch', { name: phone.text('profile.smartOtpLabel') }),
    ).toHaveAttribute('aria-checked', 'false');
    await phone.exit();
    await phone.openSmartPay();
    await expect(phone.page.getByText(phone.text('login.lead'))).toBeVisible();
    await expect(phone.page.getByText(phone.text('login.smartOtpLead'))).toHaveCount(0);
    const before = await lastSmsId(server, ilir.cif);
    await phone.enterLoginData(ilir);
    await phone.enterSmsCode(ilir, before);
    await phone.expectHome();

    await phone.openProfile();
    await phone.button('profile.forgetMe').click();
    const forgetDialog = phone.page.getByRole('dialog', {
      name: phone.text('profile.forgetMeTitle'),
    });
    await expect(forgetDialog).toBeVisible();
    await forgetDialog.getByRole('button', { name: phone.text('profile.forgetMeApprove') }).click();
    await expect(phone.page.getByText(phone.text('welcome.forgotten'))).toBeVisible();
  });
});

async function sharedItems(
  page: Page,
): Promise<{ text: string; type: string; size: Record<string, number> }> {
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { sharedItems: unknown[] }).sharedItems.length),
    )
    .toBe(1);
  return page.evaluate(
    () =>
      (
        window as unknown as {
          sharedItems: { text: string; type: string; size: Record<string, number> }[];
        }
      ).sharedItems[0]!,
  );
}

function readUint32(bytes: Record<string, number>, at: number): number {
  let value = 0;
  for (let index = 0; index < 4; index++) value = value * 256 + (bytes[String(at + index)] ?? 0);
  return value;
}

/** The colour the app's stylesheet names for success, as the browser computes it. */
async function successColour(page: Page): Promise<string> {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--success)';
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  });
}
