/**
 * Payee assurance (issue 14 §2) on a 360×640 phone, in both languages: the payer sets a
 * cooling-off in the profile; a first payment above it is announced on the confirmation screen
 * (first-time caution, will wait) and held, then cancelled with "Anulo" and its confirmation;
 * a small first payment is paid with the caution shown; the same amount again asks a second
 * time in a dialog before it pays. A held payment released while its screen is open changes
 * there, live. Every screen passes axe-core.
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { labelPattern } from './pages/labels.ts';
import { releaseDueHolds } from '../../src/payments/hold-release.ts';
import { customerWithQrAccount } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

test.afterEach(({ server }) => server.clock.reset());

for (const language of ['sq', 'en'] as const) {
  test(`cooling-off, first-time caution and the duplicate question (${language})`, async ({
    server,
    openPhone,
  }) => {
    test.slow();
    const decimal = language === 'sq' ? ',' : '.';
    const { payee, payer, payeeAccount } = await SmartPayPhone.payeeAndPayer(
      server,
      openPhone,
      language,
    );
    const code = await payee.accountCodePicture(payeeAccount);

    // Cooling-off in the profile: first payments above 20 EUR wait 30 minutes.
    await payer.openProfile();
    await payer.page.getByLabel(payer.text('coolingOff.threshold')).fill('20');
    await payer.page
      .getByLabel(payer.text('coolingOff.delay'))
      .selectOption({ label: payer.text('coolingOff.minutes_other').replace('{{count}}', '30') });
    await payer.button('coolingOff.save').click();
    await expect(payer.page.getByText(labelPattern(language, 'coolingOff.current'))).toBeVisible();
    await expectAccessible(payer.page, `profile with cooling-off (${language})`);
    await saveScreen(payer.page, `assurance-${language}-01-profile`);

    // A first payment above it: a calm caution, the wait announced; then held.
    await payer.scanFromGallery(code);
    await payer.enterAmountToPay('25');
    await payer.expectConfirmation(/ARTA K\./i, `25${decimal}00`);
    await expect(payer.page.getByText(labelPattern(language, 'assurance.firstTime'))).toBeVisible();
    await expect(
      payer.page.getByText(labelPattern(language, 'assurance.willHold_other')),
    ).toBeVisible();
    await expectAccessible(payer.page, `first-time confirmation (${language})`);
    await saveScreen(payer.page, `assurance-${language}-02-first-time`);
    await payer.button('confirm.complete').click();
    await expect(payer.heading('hold.title')).toBeVisible();
    await expect(
      payer.page.getByRole('status').filter({ hasText: labelPattern(language, 'hold.heldText') }),
    ).toBeVisible();
    await expectAccessible(payer.page, `held payment (${language})`);
    await saveScreen(payer.page, `assurance-${language}-03-held`);

    // "Anulo" asks first; then nothing is sent.
    await payer.button('hold.cancel').click();
    const dialog = payer.page.getByRole('dialog', { name: payer.text('hold.cancelTitle') });
    await expect(dialog).toBeVisible();
    await expectAccessible(payer.page, `cancel dialog (${language})`);
    await dialog.getByRole('button', { name: payer.text('hold.cancelConfirm') }).click();
    await expect(
      payer.page
        .getByRole('status')
        .filter({ hasText: labelPattern(language, 'hold.cancelledText') }),
    ).toBeVisible();
    await expect(payer.button('hold.cancel')).toHaveCount(0);
    await saveScreen(payer.page, `assurance-${language}-04-cancelled`);

    // Below the threshold: still a first payment (the cancelled one was not paid), paid at once.
    await payer.scanFromGallery(code);
    await payer.enterAmountToPay('5');
    await payer.expectConfirmation(/ARTA K\./i, `5${decimal}00`);
    await expect(payer.page.getByText(labelPattern(language, 'assurance.firstTime'))).toBeVisible();
    await expect(
      payer.page.getByText(labelPattern(language, 'assurance.willHold_other')),
    ).toHaveCount(0);
    await payer.completePayment();

    // The same amount again: no longer a first payment, and the second confirmation.
    await payer.scanFromGallery(code);
    await payer.enterAmountToPay('5');
    await payer.expectConfirmation(/ARTA K\./i, `5${decimal}00`);
    await expect(payer.page.getByText(payer.text('assurance.duplicateNote'))).toBeVisible();
    await expect(payer.page.getByText(labelPattern(language, 'assurance.firstTime'))).toHaveCount(
      0,
    );
    await payer.button('confirm.complete').click();
    const again = payer.page.getByRole('dialog', { name: payer.text('assurance.duplicateTitle') });
    await expect(again).toBeVisible();
    await expectAccessible(payer.page, `duplicate question (${language})`);
    await saveScreen(payer.page, `assurance-${language}-05-duplicate`);
    await again.getByRole('button', { name: payer.text('assurance.payAgain') }).click();
    await expect(payer.heading('success.title')).toBeVisible();

    // Two payments to Arta, not three: the held one was cancelled.
    await payer.page.goto('/outgoing');
    await expect(
      payer.page
        .getByRole('list', { name: payer.text('payments.outgoingTitle') })
        .getByRole('listitem'),
    ).toHaveCount(2);
    await expectAccessible(payer.page, `outgoing (${language})`);
  });
}

test('a held payment released while its screen is open changes there, and the payer is told', async ({
  server,
  openPhone,
}) => {
  const arta = await customerWithQrAccount(server, 'Arta Krasniqi');
  const { phone: payer } = await SmartPayPhone.loggedIn(server, openPhone, 'Besnik Gashi', {
    balance: 500_000n,
  });
  // Set-up through the API the profile uses (its screen is tested above): first payments
  // above 20 EUR wait one minute, the shortest delay, so the session is still alive after it.
  const saved = await payer.page.evaluate(async () => {
    const response = await fetch('/api/me/cooling-off', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: true, threshold: '20.00', delayMinutes: 1 }),
    });
    return response.status;
  });
  expect(saved).toBe(200);

  await payer.pasteCode(arta.accountCode);
  await payer.enterAmountToPay('25');
  await payer.button('confirm.complete').click();
  await expect(payer.heading('hold.title')).toBeVisible();
  const status = payer.page.locator('.hold-status');
  await expect(status).toContainText(payer.text('hold.status.held'));

  // The release job pays it; the open screen hears hold.decided and shows it without a reload.
  server.clock.advance(61_000);
  const run = await releaseDueHolds(server.database, { clock: server.clock });
  expect(run.released).toHaveLength(1);
  await expect(status).toContainText(payer.text('hold.status.released'));
  await expect(payer.page.locator('.notices')).toContainText(payer.text('live.hold.released'));
});
