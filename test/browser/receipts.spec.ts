/**
 * Verifiable receipts on a 360×640 phone: after paying, the success screen offers the signed
 * receipt as PDF and as a picture; the QR's address opens the public verification page, which
 * needs no login and says the receipt is genuine (in Albanian, and in English on request).
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

test('a payment’s receipt downloads as PDF and PNG, and its address verifies it without login', async ({
  server,
  openPhone,
  browser,
}) => {
  const { payee, payer, payeeAccount } = await SmartPayPhone.payeeAndPayer(server, openPhone);
  await payer.scanFromGallery(await payee.accountCodePicture(payeeAccount));
  await payer.enterAmountToPay('4,20');
  await payer.expectConfirmation('Arta K.', '4,20');
  const paymentId = await payer.completePayment();

  const page = payer.page;
  const verifyLink = page.getByRole('link', { name: /^Verifikojeni te banka: [A-Z2-7-]{14}$/ });
  await expect(verifyLink).toBeVisible();
  const pdfButton = payer.button('receiptFiles.downloadPdf');
  const pngButton = payer.button('receiptFiles.sharePng');
  await expect(pdfButton).toBeVisible();
  await expect(pngButton).toBeVisible();
  // Both buttons fit the phone's width: nothing to scroll sideways.
  for (const button of [pdfButton, pngButton]) {
    const box = await button.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  }
  await expectAccessible(page, 'success with receipt files');
  await saveScreen(page, '40-receipt-files');

  const pdf = await Promise.all([page.waitForEvent('download'), pdfButton.click()]).then(
    ([download]) => download,
  );
  expect(pdf.suggestedFilename()).toMatch(/^smartpay-receipt-[A-Z2-7]{12}\.pdf$/);
  const pdfBytes = await streamBytes(await pdf.createReadStream());
  expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');

  // Headless Chromium cannot share files, so the picture is downloaded instead.
  const png = await Promise.all([page.waitForEvent('download'), pngButton.click()]).then(
    ([download]) => download,
  );
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  const pngBytes = await streamBytes(await png.createReadStream());
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');

  // The same receipt from the receipt screen of the history.
  await page.goto(`/payments/${paymentId}`);
  await expect(payer.button('receiptFiles.downloadPdf')).toBeVisible();
  const address = (await verifyLink.getAttribute('href')) ?? '';

  // The history export: outgoing payments of this month as CSV, and as PDF.
  await page.goto('/outgoing');
  await payer.link('exportHistory.open').click();
  await expect(payer.heading('exportHistory.title')).toBeVisible();
  await page.getByLabel(payer.text('exportHistory.direction')).selectOption('outgoing');
  await expectAccessible(page, 'export history');
  await saveScreen(page, '46-export-history');
  const csv = await Promise.all([
    page.waitForEvent('download'),
    payer.button('exportHistory.csv').click(),
  ]).then(([download]) => download);
  const csvText = (await streamBytes(await csv.createReadStream())).toString('utf8');
  expect(csvText.split('\r\n')[0]).toContain('date,direction,counterparty,amount');
  expect(csvText).toContain(',outgoing,Arta K.,4.20,EUR,');
  const historyPdf = await Promise.all([
    page.waitForEvent('download'),
    payer.button('exportHistory.pdf').click(),
  ]).then(([download]) => download);
  expect((await streamBytes(await historyPdf.createReadStream())).subarray(0, 5).toString()).toBe(
    '%PDF-',
  );

  // A stranger's phone, not logged in, opens the address from the receipt's QR code.
  expect(address).toMatch(/\/verify\/[A-Z2-7]{12}$/);
  const stranger = await browser.newContext({ viewport: { width: 360, height: 640 } });
  try {
    const view = await stranger.newPage();
    await view.goto(address);
    await expect(view.getByRole('status')).toContainText('Dëshmi e vërtetë');
    await expect(view.getByText('Arta K.')).toBeVisible();
    await expect(view.getByText('4.20 EUR')).toBeVisible();
    await expectAccessible(view, 'verify page');
    await saveScreen(view, '41-verify-genuine');
    await view.getByRole('link', { name: 'English' }).click();
    await expect(view.getByRole('status')).toContainText('Genuine receipt');
    await view.goto(address.replace(/[A-Z2-7]{12}$/, 'AAAAAAAAAAAA'));
    await expect(view.getByRole('alert')).toContainText('Dëshmi e panjohur');
    await saveScreen(view, '42-verify-unknown');
  } finally {
    await stranger.close();
  }
});

async function streamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}
