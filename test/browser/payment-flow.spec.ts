/**
 * Two customers on two phones (browser contexts): both enrol as the guide says, the payee opens a
 * QR account and asks for an amount, the payer pays it from a gallery picture; the payee's
 * request turns to paid live and the payment shows under "Hyrjet". Every screen passes axe-core
 * and is kept as a screenshot.
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { labelPattern } from './pages/labels.ts';
import { customerWithMoney } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

test('two customers enrol, and a request is paid from the gallery and turns to paid live', async ({
  server,
  openPhone,
}) => {
  // The whole guide in one walk: two enrolments and fourteen axe-core scans. On a loaded
  // machine this outgrows the default 90 s, so it gets the slow-test allowance (×3).
  test.slow();
  const arta = await customerWithMoney(server.database.db, {
    name: 'Arta Krasniqi',
    balance: 500_000n,
  });
  const payee = await SmartPayPhone.open(server, openPhone);

  await payee.page.goto('/');
  await expectAccessible(payee.page, 'pre-login');
  await saveScreen(payee.page, '01-pre-login');
  await payee.page.getByRole('button', { name: /SmartPay/ }).click();
  await expectAccessible(payee.page, 'terms');
  await saveScreen(payee.page, '02-terms');
  await payee.readTermsToTheEndAndAccept();
  await expectAccessible(payee.page, 'login');
  await saveScreen(payee.page, '03-login');
  await payee.enterLoginData(arta);
  await expect(payee.heading('otp.title')).toBeVisible();
  await expectAccessible(payee.page, 'sms code');
  await saveScreen(payee.page, '04-sms-code');
  await payee.enterSmsCode(arta, 0n);
  await expect(payee.heading('trust.title')).toBeVisible();
  await expect(payee.page.getByText(payee.text('trust.unavailable'))).toBeVisible();
  await expectAccessible(payee.page, 'trust device (no authenticator)');
  await payee.skipTrustingThisDevice();
  await expectAccessible(payee.page, 'home without accounts');

  const payeeAccount = await payee.createQrAccount('EUR');
  await expectAccessible(payee.page, 'QR account');
  await saveScreen(payee.page, '06-qr-account');
  await payee.page.goto('/home');
  await expect(payee.page.getByRole('link', { name: /EUR/ }).first()).toBeVisible();
  await saveScreen(payee.page, '05-home');
  const requestId = await payee.createRequest(payeeAccount, '12,50', 'Dreka');
  await expect(
    payee.page.getByRole('status').filter({ hasText: payee.text('status.open') }),
  ).toBeVisible();
  await expect(payee.page.getByText(labelPattern('sq', 'request.expiresIn'))).toBeVisible();
  await expectAccessible(payee.page, 'request');
  await saveScreen(payee.page, '07-request');

  const { phone: payer } = await SmartPayPhone.newUser(server, openPhone, 'Besnik Gashi');
  await payer.scanFromGallery(await payee.requestPicture(requestId));
  await payer.expectConfirmation('Arta K.', '12,50');
  await expect(payer.page.getByText('Dreka')).toBeVisible();
  await expectAccessible(payer.page, 'confirmation');
  await saveScreen(payer.page, '08-confirmation');
  // A double tap sends the same Idempotency-Key twice: one payment only.
  await payer.button('confirm.complete').dblclick();
  await expect(payer.heading('success.title')).toBeVisible();
  await expect(payer.page.getByRole('status').filter({ hasText: /Arta K\./i })).toBeVisible();
  await expectAccessible(payer.page, 'payment done');
  await saveScreen(payer.page, '09-payment-done');

  // The payee's open request screen turns to paid without a reload, with a visible live notice.
  const notice = payee.page.locator('[aria-live="polite"]').filter({ hasText: /BESNIK G\./i });
  await expect(notice).toContainText('12,50 EUR');
  await expect(
    payee.page.getByRole('status').filter({ hasText: payee.text('status.closed') }),
  ).toBeVisible();
  await expect(payee.button('request.cancel')).toHaveCount(0);
  await saveScreen(payee.page, '10-request-paid');

  await payee.page
    .getByRole('navigation', { name: payee.text('nav.label') })
    .getByRole('link', { name: payee.text('nav.incoming') })
    .click();
  await expect(
    payee.page
      .getByRole('list', { name: payee.text('payments.incomingTitle') })
      .getByRole('listitem'),
  ).toHaveCount(1);
  await expect(payee.page.getByRole('link', { name: /BESNIK G\..*12,50/i })).toBeVisible();
  await expectAccessible(payee.page, 'incoming');
  await saveScreen(payee.page, '11-incoming');
  await payee.page.getByRole('link', { name: /BESNIK G\./i }).click();
  await expect(payee.heading('receipt.title')).toBeVisible();
  await expectAccessible(payee.page, 'receipt');
  await saveScreen(payee.page, '12-receipt');

  await payer.page.goto('/outgoing');
  await expect(
    payer.page
      .getByRole('list', { name: payer.text('payments.outgoingTitle') })
      .getByRole('listitem'),
  ).toHaveCount(1);
  await expectAccessible(payer.page, 'outgoing');

  await payee.page.goto('/requests');
  await payee.page.getByRole('button', { name: payee.text('requests.filter.closed') }).click();
  await expect(
    payee.page.getByRole('list', { name: payee.text('requests.title') }).getByRole('listitem'),
  ).toHaveCount(1);
  await expectAccessible(payee.page, 'requests');
  await saveScreen(payee.page, '13-requests');

  await payer.openProfile();
  await expectAccessible(payer.page, 'profile');
  await saveScreen(payer.page, '14-profile');
});
