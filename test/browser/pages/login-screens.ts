/**
 * The screens before and around a login, as any phone shows them: the pre-login page, the terms,
 * CIF and password, the SMS code, SmartOTP and the offer to trust the device. Task verbs over role
 * locators in the language the phone shows; SmartPayPhone adds the screens of a logged-in customer.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { lastSmsId, smsCode, type TestCustomer } from '../../helpers/bank.ts';
import type { BrowserTestServer } from '../support/fixtures.ts';
import { type Language, label } from './labels.ts';

export class LoginScreens {
  constructor(
    readonly page: Page,
    readonly server: BrowserTestServer,
    readonly language: Language = 'sq',
  ) {}

  text(key: string): string {
    return label(this.language, key);
  }

  button(key: string): Locator {
    return this.page.getByRole('button', { name: this.text(key), exact: true });
  }

  link(key: string): Locator {
    return this.page.getByRole('link', { name: this.text(key), exact: true });
  }

  heading(key: string): Locator {
    return this.page.getByRole('heading', { level: 1, name: this.text(key), exact: true });
  }

  alert(): Locator {
    return this.page.getByRole('alert');
  }

  // ---------- Pre-login, enrollment and login ----------

  async openSmartPay(): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('button', { name: /SmartPay/ }).click();
  }

  async readTermsToTheEndAndAccept(): Promise<void> {
    await expect(this.heading('terms.title')).toBeVisible();
    await expect(this.button('terms.accept')).toBeDisabled();
    const terms = this.page.getByRole('document', { name: this.text('terms.documentLabel') });
    await terms.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(this.button('terms.accept')).toBeEnabled();
    await this.button('terms.accept').click();
  }

  async enterLoginData(customer: TestCustomer): Promise<void> {
    await this.page.getByLabel(this.text('login.cif')).fill(customer.cif);
    await this.page
      .getByLabel(this.text('login.password'), { exact: true })
      .fill(customer.password);
    await this.button('login.approve').click();
  }

  async enterSmsCode(customer: TestCustomer, smsBefore: bigint): Promise<void> {
    await expect(this.heading('otp.title')).toBeVisible();
    const { code } = await smsCode(this.server, customer.cif, smsBefore);
    // The fourth digit submits the code by itself (no "Aprovo" needed).
    await this.page.getByLabel(this.text('otp.code')).fill(code);
    await expect(this.heading('otp.title')).toHaveCount(0);
  }

  /** Guide §4: terms → "Pranoj" → login data → "Aprovo" → SMS code → "Aprovo". */
  async enroll(customer: TestCustomer): Promise<void> {
    await this.openSmartPay();
    await this.readTermsToTheEndAndAccept();
    const before = await lastSmsId(this.server, customer.cif);
    await this.enterLoginData(customer);
    await this.enterSmsCode(customer, before);
  }

  /** Full login from the pre-login page (CIF remembered or typed). */
  async logInFully(customer: TestCustomer): Promise<void> {
    await this.openSmartPay();
    await expect(this.heading('login.title')).toBeVisible();
    const before = await lastSmsId(this.server, customer.cif);
    await this.enterLoginData(customer);
    await this.enterSmsCode(customer, before);
  }

  /** Full login on a phone that never saw this customer (enrolled elsewhere): "Kyçuni". */
  async logInOnNewPhone(customer: TestCustomer): Promise<void> {
    await this.page.goto('/');
    await this.link('welcome.alreadyUser').click();
    await expect(this.heading('login.title')).toBeVisible();
    const before = await lastSmsId(this.server, customer.cif);
    await this.enterLoginData(customer);
    await this.enterSmsCode(customer, before);
  }

  /** The offer after a full login, where the device has no platform authenticator. */
  async skipTrustingThisDevice(): Promise<void> {
    await expect(this.heading('trust.title')).toBeVisible();
    const notNow = this.button('trust.notNow');
    const carryOn = this.button('common.continue');
    await expect(notNow.or(carryOn)).toBeVisible();
    await ((await notNow.isVisible()) ? notNow : carryOn).click();
    await this.expectHome();
  }

  /** The offer after a full login, accepted: the device lock stands in for the SMS code next time. */
  async trustThisDevice(): Promise<void> {
    await this.button('trust.trust').click();
    await this.expectHome();
  }

  /** Partial login on a device this customer trusted: the CIF remembered, the password, no SMS. */
  async logInWithSmartOtp(customer: TestCustomer): Promise<void> {
    await this.openSmartPay();
    await this.page
      .getByLabel(this.text('login.password'), { exact: true })
      .fill(customer.password);
    await this.button('login.approve').click();
    await this.expectHome();
  }

  /** Chromium's virtual platform authenticator (DevTools WebAuthn): a device lock that verifies. */
  async addPlatformAuthenticator(): Promise<void> {
    const devtools = await this.page.context().newCDPSession(this.page);
    await devtools.send('WebAuthn.enable', { enableUI: false });
    await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasUserVerification: true,
        isUserVerified: true,
        hasResidentKey: true,
      },
    });
  }

  async expectHome(): Promise<void> {
    await expect(
      this.page.getByRole('heading', { name: this.text('home.myAccounts') }),
    ).toBeVisible();
  }
}
