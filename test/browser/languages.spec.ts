/**
 * Albanian is the default; English is one tap away and remembered on the device. The guide's
 * buttons carry their English meaning in English, and the English screens pass axe-core too.
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { customerWithMoney } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

test('English is chosen on the pre-login page and remembered after a reload', async ({
  server,
  openPhone,
}) => {
  const { page } = await openPhone();
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'sq');
  await expect(page.getByRole('heading', { name: 'Mirë se vini' })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  await expectAccessible(page, 'pre-login (en)');

  const customer = await customerWithMoney(server.database.db, {
    name: 'Jeta Rama',
    balance: 500_000n,
  });
  const phone = new SmartPayPhone(page, server, 'en');
  await phone.openSmartPay();
  await expect(phone.page.getByRole('button', { name: 'Accept' })).toBeDisabled();
  await phone.readTermsToTheEndAndAccept();
  await expect(phone.page.getByRole('button', { name: 'Approve' })).toBeVisible();
  await phone.enterLoginData(customer);
  await phone.enterSmsCode(customer, 0n);
  await phone.skipTrustingThisDevice();
  await expect(phone.page.getByRole('link', { name: 'Create QR account' })).toBeVisible();
  const accountId = await phone.createQrAccount('EUR');
  await expect(phone.page.getByRole('button', { name: 'Delete account' })).toBeVisible();
  await expect(phone.page.getByRole('link', { name: 'Specify amount' })).toBeVisible();
  await phone.createRequest(accountId, '3.40');
  await expect(phone.page.getByRole('button', { name: 'Cancel QR' })).toBeVisible();
  await expectAccessible(phone.page, 'request (en)');
  await phone.page.goto('/home');
  await expectAccessible(phone.page, 'home (en)');
  await saveScreen(phone.page, '23-home-en');
  await phone.openScanner();
  await expect(phone.page.getByText('Scan from gallery', { exact: true })).toBeVisible();
  await phone.openProfile();
  await expect(phone.page.getByRole('button', { name: 'Exit' })).toBeVisible();
  await expect(phone.page.getByRole('button', { name: 'Forget me' })).toBeVisible();
  // Switching back from the profile works the same way and is remembered too.
  await phone.page.getByRole('button', { name: 'Shqip' }).click();
  await expect(phone.page.getByRole('button', { name: 'Dalja' })).toBeVisible();
  await expect(phone.page.getByRole('button', { name: 'Më harro' })).toBeVisible();
});

test('the app is usable on a desktop screen', async ({ server, openPhone }) => {
  const customer = await customerWithMoney(server.database.db, {
    name: 'Kaltrina Zeka',
    balance: 500_000n,
  });
  const { page } = await openPhone({ viewport: { width: 1280, height: 800 } });
  const desktop = new SmartPayPhone(page, server);
  await desktop.enrollAndOpenQrAccount(customer);
  await desktop.page.goto('/home');
  await expectAccessible(desktop.page, 'home (desktop)');
  await saveScreen(desktop.page, '24-home-desktop');
});
