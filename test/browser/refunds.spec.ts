/**
 * Refunds on a 360×640 phone (issue 14 §1): the payee returns part of a received payment through
 * the same confirmation as a payment and both histories say "Kthyer 5,00 nga 12,50"; in English,
 * the payer asks for a refund with a reason and the payee accepts it.
 */
import type { Locator, Page } from '@playwright/test';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';
import type { BrowserTestServer, OpenPhone } from './support/fixtures.ts';

/** Payee and payer enrolled with a QR account each; the payer has paid the payee `amount`. */
async function paidBetweenTwoPhones(
  server: BrowserTestServer,
  openPhone: OpenPhone,
  language: 'sq' | 'en',
  amount: string,
) {
  const { payee, payer, payeeAccount } = await SmartPayPhone.payeeAndPayer(
    server,
    openPhone,
    language,
  );
  await payer.scanFromGallery(await payee.accountCodePicture(payeeAccount));
  await payer.enterAmountToPay(amount);
  const paymentId = await payer.completePayment();
  return { payee, payer, paymentId };
}

/** At least 44 × 44 CSS pixels, and inside the 360 px wide screen. */
async function expectTapTarget(target: Locator): Promise<void> {
  const box = await target.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(box!.width).toBeGreaterThanOrEqual(44);
  expect(box!.x >= 0 && box!.x + box!.width <= 360).toBe(true);
}

function linkText(page: Page, text: string | RegExp): Locator {
  return page.getByText(text).first();
}

test('the payee refunds part of a payment and both histories say “Kthyer 5,00 nga 12,50”', async ({
  server,
  openPhone,
}) => {
  const { payee, payer, paymentId } = await paidBetweenTwoPhones(server, openPhone, 'sq', '12,50');
  const page = payee.page;
  await page.goto(`/payments/${paymentId}`);
  const start = payee.link('refund.start');
  await expect(start).toBeVisible();
  await expectTapTarget(start);
  await expectAccessible(page, 'received payment with refund (sq)');
  await start.click();
  await expect(payee.heading('refund.title')).toBeVisible();
  const amount = page.getByLabel(payee.text('refund.amount'));
  await expect(amount).toHaveValue('12,50'); // prefilled: all that remains
  await amount.fill('5,00');
  await payee.button('refund.continue').click();
  await expect(page.locator('#confirm-payee')).toHaveText('Besnik G.');
  await expect(page.locator('.confirm-summary__amount')).toContainText('5,00');
  const confirm = payee.button('refund.confirm');
  await expectTapTarget(confirm);
  await expectAccessible(page, 'refund confirmation (sq)');
  await saveScreen(page, '50-refund-confirm');
  await confirm.click();
  // The refund's own receipt links back to the payment.
  await expect(payee.heading('receipt.title')).toBeVisible();
  await expect(linkText(page, 'Kthyer 5,00 nga 12,50 EUR')).toBeVisible();
  await page.goto('/outgoing');
  await expect(linkText(page, /Kthyer 5,00 nga 12,50/)).toBeVisible();

  // The payer hears it and sees the link both ways.
  await payer.page.goto('/incoming');
  await expect(linkText(payer.page, /Kthyer 5,00 nga 12,50/)).toBeVisible();
  await payer.page.goto(`/payments/${paymentId}`);
  await expect(linkText(payer.page, 'Kthyer 5,00 nga 12,50 EUR')).toBeVisible();
  await expectAccessible(payer.page, 'refunded payment (sq)');
  await saveScreen(payer.page, '51-refunded-payment');
});

test('in English the payer asks for a refund with a reason and the payee accepts it', async ({
  server,
  openPhone,
}) => {
  const { payee, payer, paymentId } = await paidBetweenTwoPhones(server, openPhone, 'en', '12.50');
  await payer.page.goto(`/payments/${paymentId}`);
  const ask = payer.button('refund.ask');
  await expectTapTarget(ask);
  await ask.click();
  await payer.page.getByLabel(payer.text('refund.reason')).fill('I paid twice');
  await payer.button('refund.send').click();
  await expect(payer.page.getByText(payer.text('refund.status.open'))).toBeVisible();
  await expectAccessible(payer.page, 'refund asked (en)');

  await payee.page.goto('/incoming');
  await expect(
    payee.page.getByRole('heading', { name: payee.text('refund.pending') }),
  ).toBeVisible();
  await payee.page.getByRole('link', { name: /Besnik G\. asks for a refund/ }).click();
  await expect(payee.page.getByText('“I paid twice”')).toBeVisible();
  const accept = payee.button('refund.accept');
  await expectTapTarget(accept);
  await expectTapTarget(payee.button('refund.decline'));
  await expectAccessible(payee.page, 'refund request (en)');
  await accept.click();
  await expect(payee.page.locator('.confirm-summary__amount')).toContainText('12.50');
  await payee.button('refund.confirm').click();
  await expect(linkText(payee.page, 'Refunded 12.50 of 12.50 EUR')).toBeVisible();

  await payer.page.goto(`/payments/${paymentId}`);
  await expect(payer.page.getByText(payer.text('refund.status.accepted'))).toBeVisible();
  await expect(linkText(payer.page, 'Refunded 12.50 of 12.50 EUR')).toBeVisible();
  await expectAccessible(payer.page, 'refund accepted (en)');
});
