/**
 * Paying an account code through the camera: Chromium's fake camera shows the payee's code
 * (its PNG from the API, turned into a Y4M video); the decoder runs on the device from our own
 * files, and nothing is fetched from any other host.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../../playwright.config.ts';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { customerWithMoney } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';
import { writeY4m } from './support/y4m.ts';

test('an account code is paid through the camera, with the amount typed by the payer', async ({
  server,
  openPhone,
}) => {
  const { phone: payee, qrAccountId: accountId } = await SmartPayPhone.newUser(
    server,
    openPhone,
    'Dardan Berisha',
  );
  const era = await customerWithMoney(server.database.db, { name: 'Era Hoxha', balance: 500_000n });
  const video = writeY4m(
    join(mkdtempSync(join(tmpdir(), 'smartpay-camera-')), 'account-code.y4m'),
    await payee.accountCodePicture(accountId, 360),
  );

  const cameraBrowser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      ...chromiumArgs,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      '--use-fake-ui-for-media-stream',
    ],
  });
  try {
    const context = await cameraBrowser.newContext({
      baseURL: server.url,
      viewport: { width: 360, height: 640 },
      deviceScaleFactor: 2,
      permissions: ['camera'],
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const foreignRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).origin !== server.url) foreignRequests.push(request.url());
    });
    const payer = new SmartPayPhone(page, server);
    await payer.enrollAndOpenQrAccount(era);
    await payer.openScanner();
    // The camera finds the code by itself and moves on to the amount.
    await expect(page.getByLabel(payer.text('confirm.enterAmount'))).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByText(/Dardan B\./)).toBeVisible();
    await expectAccessible(page, 'amount entry');
    await saveScreen(page, '15-amount-entry');
    await payer.enterAmountToPay('7,25');
    await payer.expectConfirmation('Dardan B.', '7,25');
    await payer.completePayment();
    expect(foreignRequests).toEqual([]);

    await payee.page.goto('/incoming');
    await expect(payee.page.getByRole('link', { name: /Era H\..*7,25/ })).toBeVisible();
  } finally {
    await cameraBrowser.close();
  }
});

test('the scanner screen offers the gallery and explains a missing camera', async ({
  server,
  openPhone,
}) => {
  const customer = await customerWithMoney(server.database.db, {
    name: 'Fatos Leka',
    balance: 500_000n,
  });
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.enroll(customer);
  await phone.skipTrustingThisDevice();
  await phone.openScanner();
  await expect(phone.alert()).toContainText(phone.text('errors.CAMERA_UNAVAILABLE'));
  await expect(phone.page.getByLabel(phone.text('scan.gallery'))).toBeAttached();
  await expectAccessible(phone.page, 'scanner');
  await saveScreen(phone.page, '16-scanner');
  // A picture without a QR code is refused with a way forward.
  await phone.page.getByLabel(phone.text('scan.gallery')).setInputFiles({
    name: 'blank.png',
    mimeType: 'image/png',
    buffer: await phone.page.screenshot(),
  });
  await expect(phone.alert()).toContainText(phone.text('errors.NO_QR_FOUND'));
});
