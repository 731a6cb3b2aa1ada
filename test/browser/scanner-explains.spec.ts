/**
 * The scanner explains what it saw: a Pix code picked from the gallery, a SEPA code and a UPI
 * link pasted as text are described, with "SmartPay cannot pay this code", never "invalid";
 * a pasted SmartPay code goes on to the confirmation screen. 360×640, Albanian then English.
 */
import { renderPng } from '../../src/qr/picture.ts';
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

const pix =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const epc =
  'BCD\n002\n1\nSCT\nBPOTBEB1\nRed Cross of Belgium\nBE72000000001616\nEUR12.5\n\n\nDonation';

test('foreign codes are explained, from the gallery and pasted, and a pasted SmartPay code is paid', async ({
  server,
  openPhone,
}) => {
  const { payee, payer, payeeAccount } = await SmartPayPhone.payeeAndPayer(server, openPhone);
  const page = payer.page;

  // A Pix code from the gallery.
  await payer.scanFromGallery(await renderPng(pix, { size: 400 }));
  await expect(payer.heading('explain.title')).toBeVisible();
  await expect(
    page.getByRole('heading', { name: payer.text('explain.kinds.emvco.pix.title') }),
  ).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: payer.text('explain.cannotPay') }),
  ).toBeVisible();
  await expect(page.getByText('Fulano de Tal')).toBeVisible();
  await expect(page.getByText(/invalid|pavlefshëm/i)).toHaveCount(0);
  await expectAccessible(page, 'explained Pix code');
  await saveScreen(page, '43-explain-pix');

  // A SEPA transfer pasted as text.
  await payer.link('paste.open').click();
  await expect(payer.heading('paste.title')).toBeVisible();
  await payer.button('common.continue').click();
  await expect(page.getByRole('alert')).toHaveText(payer.text('paste.missing'));
  await page.getByLabel(payer.text('paste.label')).fill(epc);
  await expectAccessible(page, 'paste code');
  await saveScreen(page, '44-paste-code');
  await payer.button('common.continue').click();
  await expect(
    page.getByRole('heading', { name: payer.text('explain.kinds.epc.title') }),
  ).toBeVisible();
  await expect(page.getByText('BE72000000001616')).toBeVisible();
  await expect(page.getByText('12.5 EUR')).toBeVisible();

  // A pasted SmartPay account code goes on to the confirmation screen.
  const codeAnswer = await payee.page.request.get(`/api/qr-accounts/${payeeAccount}/code`);
  const payload = ((await codeAnswer.json()) as { payload: string }).payload;
  await payer.pasteCode(payload);
  await payer.enterAmountToPay('1,50');
  await payer.expectConfirmation('Arta K.', '1,50');

  // The same explanation in English.
  await page.goto('/profile');
  const english = new SmartPayPhone(page, server, 'en');
  await page.getByRole('button', { name: 'English' }).click();
  await english.pasteCode('upi://pay?pa=chaipoint@okhdfcbank&pn=Chai%20Point&am=120.00&cu=INR');
  await expect(page.getByRole('heading', { name: 'A UPI payment link (India)' })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'SmartPay cannot pay this code.' }),
  ).toBeVisible();
  await expect(page.getByText('chaipoint@okhdfcbank')).toBeVisible();
  await expectAccessible(page, 'explained UPI link (en)');
  await saveScreen(page, '45-explain-upi-en');
});
