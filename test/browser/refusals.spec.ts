/**
 * Codes that can no longer be paid: a cancelled request ("Anulo QR": greyed and marked), an
 * expired one (the server's clock moved past its validity), and every code of a deleted QR
 * account. The payer sees each refusal in words that say what to do.
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import type { TestCustomer } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

const dayAndAnHourMs = 25 * 60 * 60 * 1000;

test.describe('refused codes', () => {
  let payee: SmartPayPhone;
  let payer: SmartPayPhone;
  let payeeAccount: string;
  let gent: TestCustomer;
  let hana: TestCustomer;

  test.beforeEach(async ({ server, openPhone }) => {
    const gentsPhone = await SmartPayPhone.newUser(server, openPhone, 'Gent Morina');
    const hanasPhone = await SmartPayPhone.newUser(server, openPhone, 'Hana Shala');
    payee = gentsPhone.phone;
    gent = gentsPhone.customer;
    payeeAccount = gentsPhone.qrAccountId;
    payer = hanasPhone.phone;
    hana = hanasPhone.customer;
  });

  test.afterEach(({ server }) => server.clock.reset());

  test('a cancelled request is greyed, marked cancelled and refused to the payer', async () => {
    const requestId = await payee.createRequest(payeeAccount, '20');
    const picture = await payee.requestPicture(requestId);
    await payee.cancelRequest();
    await expect(
      payee.page.getByRole('status').filter({ hasText: payee.text('status.cancelled') }),
    ).toBeVisible();
    await expect(payee.page.locator('.qr--inactive')).toBeVisible();
    await expect(payee.button('request.cancel')).toHaveCount(0);
    await expectAccessible(payee.page, 'cancelled request');
    await saveScreen(payee.page, '17-request-cancelled');

    await payee.page.goto('/requests');
    await payee.page.getByRole('button', { name: payee.text('requests.filter.cancelled') }).click();
    const cancelledRow = payee.page
      .getByRole('list', { name: payee.text('requests.title') })
      .getByRole('listitem');
    await expect(cancelledRow).toHaveCount(1);
    await expect(cancelledRow).toHaveClass(/list-row--inactive/);

    await payer.scanFromGallery(picture);
    await expect(payer.alert()).toHaveText(payer.text('errors.QR_CANCELLED'));
    await expect(payer.button('confirm.complete')).toHaveCount(0);
    await expectAccessible(payer.page, 'refused code');
    await saveScreen(payer.page, '18-refused-cancelled');
  });

  test('an expired request is refused once its validity has passed', async ({ server }) => {
    const requestId = await payee.createRequest(payeeAccount, '15');
    const picture = await payee.requestPicture(requestId);
    server.clock.advance(dayAndAnHourMs);

    // A day later the sessions have ended too: the app says so and both log in again.
    await payer.page.goto('/home');
    await expect(payer.page.getByText(payer.text('welcome.sessionEnded'))).toBeVisible();
    await payer.logInFully(hana);
    await payer.skipTrustingThisDevice();
    await payer.scanFromGallery(picture);
    await expect(payer.alert()).toHaveText(payer.text('errors.QR_EXPIRED'));

    await payee.logInFully(gent);
    await payee.skipTrustingThisDevice();
    await payee.page.goto('/requests');
    await payee.page.getByRole('button', { name: payee.text('requests.filter.expired') }).click();
    await expect(
      payee.page.getByRole('list', { name: payee.text('requests.title') }).getByRole('listitem'),
    ).toHaveCount(1);
    await payee.openRequest(requestId);
    await expect(
      payee.page.getByRole('status').filter({ hasText: payee.text('status.expired') }),
    ).toBeVisible();
  });

  test('the codes of a deleted QR account are refused as not valid', async () => {
    const requestId = await payee.createRequest(payeeAccount, '9,99');
    const requestPicture = await payee.requestPicture(requestId);
    const accountPicture = await payee.accountCodePicture(payeeAccount);
    await payee.openQrAccount(payeeAccount);
    await payee.button('accounts.delete').click();
    await expect(
      payee.page.getByRole('dialog', { name: payee.text('accounts.deleteTitle') }),
    ).toBeVisible();
    await expectAccessible(payee.page, 'delete dialog');
    await saveScreen(payee.page, '19-delete-account');
    await payee.page
      .getByRole('dialog')
      .getByRole('button', { name: payee.text('accounts.deleteApprove') })
      .click();
    await payee.expectHome();
    await expect(payee.page.getByText(payee.text('home.empty'))).toBeVisible();

    // Refused as soon as it is scanned, before any amount is typed.
    await payer.scanFromGallery(accountPicture);
    await expect(payer.alert()).toHaveText(payer.text('errors.QR_ACCOUNT_NOT_VALID'));
    await payer.scanFromGallery(requestPicture);
    await expect(payer.alert()).toHaveText(/QR/);

    // Another QR account can be opened afterwards (guide §7.3).
    await payee.createQrAccount('EUR');
  });
});
