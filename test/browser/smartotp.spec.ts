/**
 * SmartOTP (guide §3, §8) with Chromium's virtual platform authenticator (DevTools WebAuthn):
 * trust the device after a full login, log in partially with CIF + password + the device lock
 * and no SMS, see the partial session's limits and the locked switch, and "Më harro" forcing the
 * next login to be full.
 */
import { SmartPayPhone } from './pages/smartpay-phone.ts';
import { customerWithMoney, lastSmsId } from '../helpers/bank.ts';
import { expect, expectAccessible, saveScreen, test } from './support/fixtures.ts';

test('a trusted device logs in with SmartOTP, and "Më harro" forces a full login', async ({
  server,
  openPhone,
}) => {
  const customer = await customerWithMoney(server.database.db, {
    name: 'Ilir Dervishi',
    balance: 500_000n,
  });
  const phone = await SmartPayPhone.open(server, openPhone);
  await phone.addPlatformAuthenticator();

  await phone.enroll(customer);
  await expect(phone.heading('trust.title')).toBeVisible();
  await expect(phone.button('trust.trust')).toBeVisible();
  await expectAccessible(phone.page, 'trust device');
  await saveScreen(phone.page, '20-trust-device');
  await phone.trustThisDevice();
  expect(await phone.page.evaluate(() => localStorage.getItem('smartpay.deviceId'))).toMatch(
    /^[0-9a-f-]{36}$/,
  );

  await phone.openProfile();
  await expect(
    phone.page.getByText(phone.text('profile.thisDevice'), { exact: true }),
  ).toBeVisible();
  const smartOtpSwitch = phone.page.getByRole('switch', {
    name: phone.text('profile.smartOtpLabel'),
  });
  await expect(smartOtpSwitch).toBeEnabled();
  await expect(smartOtpSwitch).toHaveAttribute('aria-checked', 'true');
  await smartOtpSwitch.click();
  await expect(smartOtpSwitch).toHaveAttribute('aria-checked', 'false');
  await smartOtpSwitch.click();
  await expect(smartOtpSwitch).toHaveAttribute('aria-checked', 'true');

  // "Dalja": the next login on this device is partial, with no SMS.
  await phone.exit();
  const smsBefore = await lastSmsId(server, customer.cif);
  await phone.openSmartPay();
  await expect(phone.page.getByText(phone.text('login.smartOtpLead'))).toBeVisible();
  await expect(phone.page.getByLabel(phone.text('login.cif'))).toHaveValue(customer.cif);
  await saveScreen(phone.page, '21-smartotp-login');
  await phone.page
    .getByLabel(phone.text('login.password'), { exact: true })
    .fill(customer.password);
  await phone.button('login.approve').click();
  await phone.expectHome();
  await expect(phone.page.getByText(phone.text('profile.level.partial'))).toBeVisible();
  expect(await lastSmsId(server, customer.cif)).toBe(smsBefore);

  await phone.openProfile();
  await expect(smartOtpSwitch).toBeDisabled();
  await expect(smartOtpSwitch).toHaveAccessibleDescription(
    phone.text('profile.smartOtpPartialReason'),
  );
  await expect(
    phone.page.getByRole('definition').filter({ hasText: '100,00 EUR' }).first(),
  ).toBeVisible();
  await expectAccessible(phone.page, 'profile (partial)');
  await saveScreen(phone.page, '22-profile-partial');

  // "Më harro": the device and the CIF are forgotten; the next login needs everything.
  await phone.forgetMe();
  expect(await phone.page.evaluate(() => localStorage.getItem('smartpay.deviceId'))).toBeNull();
  // The SmartPay icon opens the login, not the terms: this customer enrolled long ago.
  await expect(phone.page.getByText(phone.text('welcome.forgotten'))).toBeVisible();
  await phone.page.getByRole('button', { name: /SmartPay/ }).click();
  await expect(phone.heading('login.title')).toBeVisible();
  await expect(phone.page.getByLabel(phone.text('login.cif'))).toHaveValue('');
  await expect(phone.page.getByText(phone.text('login.lead'))).toBeVisible();
  const smsBeforeFull = await lastSmsId(server, customer.cif);
  await phone.enterLoginData(customer);
  await phone.enterSmsCode(customer, smsBeforeFull);
  await expect(phone.heading('trust.title')).toBeVisible();
});
