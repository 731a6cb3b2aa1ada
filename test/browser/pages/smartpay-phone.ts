/**
 * A customer's phone running SmartPay: task verbs over role locators (STYLE.md: page objects,
 * "createRequest(amount)"), in the language the phone shows.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { lastSmsId, smsCode, type TestCustomer } from '../../helpers/bank.ts';
import type { BrowserTestServer } from '../support/fixtures.ts';
import { type Language, label } from './labels.ts';

export class SmartPayPhone {
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

  async expectHome(): Promise<void> {
    await expect(
      this.page.getByRole('heading', { name: this.text('home.myAccounts') }),
    ).toBeVisible();
  }

  // ---------- QR accounts and requests ----------

  /** "Krijoni Llogari QR" → choose the bank account → "Aprovo"; returns the QR account's id. */
  async createQrAccount(currency = 'EUR'): Promise<string> {
    await this.page.goto('/home');
    await this.page.getByRole('link', { name: this.text('home.create') }).click();
    await this.page.getByRole('radio', { name: new RegExp(`^${currency} ·`) }).check();
    await this.button('accounts.approve').click();
    await expect(this.heading('accounts.detailTitle')).toBeVisible();
    return idFromUrl(this.page.url(), 'accounts');
  }

  async openQrAccount(accountId: string): Promise<void> {
    await this.page.goto(`/accounts/${accountId}`);
    await expect(this.heading('accounts.detailTitle')).toBeVisible();
  }

  /** "Fshij Llogarinë" → "Aprovo". */
  async deleteQrAccount(accountId: string): Promise<void> {
    await this.openQrAccount(accountId);
    await this.button('accounts.delete').click();
    const dialog = this.page.getByRole('dialog', { name: this.text('accounts.deleteTitle') });
    await dialog.getByRole('button', { name: this.text('accounts.deleteApprove') }).click();
    await this.expectHome();
  }

  /** "Specifikoni Shumën" → amount (and note) → "Aprovo"; returns the request's id. */
  async createRequest(accountId: string, amount: string, note?: string): Promise<string> {
    await this.openQrAccount(accountId);
    await this.link('home.specifyAmount').click();
    await this.page.getByLabel(this.text('request.amount')).fill(amount);
    if (note) await this.page.getByLabel(this.text('request.note')).fill(note);
    await this.button('request.approve').click();
    await expect(this.heading('request.title')).toBeVisible();
    return idFromUrl(this.page.url(), 'requests');
  }

  /** "Specifikoni Shumën" → the whole bill → "Ndaje faturën" → shares → "Aprovo". */
  async createSplitRequest(accountId: string, total: string, shares: number): Promise<string> {
    await this.openQrAccount(accountId);
    await this.link('home.specifyAmount').click();
    await this.page.getByRole('checkbox', { name: this.text('split.option') }).check();
    await this.page.getByLabel(this.text('split.total')).fill(total);
    await this.page.getByLabel(this.text('split.shares')).selectOption(String(shares));
    await this.button('request.approve').click();
    await expect(this.heading('request.title')).toBeVisible();
    return idFromUrl(this.page.url(), 'requests');
  }

  /** "Anulo QR" → "Aprovo" in its confirmation. */
  async cancelRequest(): Promise<void> {
    await this.button('request.cancel').click();
    await this.page
      .getByRole('dialog', { name: this.text('request.cancelTitle') })
      .getByRole('button', { name: this.text('request.cancelApprove') })
      .click();
  }

  async openRequest(requestId: string): Promise<void> {
    await this.page.goto(`/requests/${requestId}`);
    await expect(this.heading('request.title')).toBeVisible();
  }

  /** The pictures a payee shares, as the payee's phone downloads them. */
  async accountCodePicture(accountId: string, size = 400): Promise<Buffer> {
    return this.picture(`/api/qr-accounts/${accountId}/code.png?size=${size}`);
  }

  async requestPicture(requestId: string, size = 400): Promise<Buffer> {
    return this.picture(`/api/requests/${requestId}/qr.png?size=${size}`);
  }

  private async picture(path: string): Promise<Buffer> {
    const response = await this.page.request.get(path);
    expect(response.status()).toBe(200);
    return response.body();
  }

  // ---------- Paying ----------

  async openScanner(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: this.text('nav.label') })
      .getByRole('link', { name: this.text('nav.pay') })
      .click();
    await expect(this.heading('scan.title')).toBeVisible();
  }

  /** "Skano nga Galeria" with a picture of the code. */
  async scanFromGallery(picture: Buffer): Promise<void> {
    await this.openScanner();
    await this.page
      .getByLabel(this.text('scan.gallery'))
      .setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: picture });
  }

  async enterAmountToPay(amount: string): Promise<void> {
    await this.page.getByLabel(this.text('confirm.enterAmount')).fill(amount);
    await this.button('common.continue').click();
  }

  async expectConfirmation(payee: RegExp | string, amountText: string): Promise<void> {
    await expect(this.heading('confirm.title')).toBeVisible();
    await expect(this.button('confirm.complete')).toBeVisible();
    await expect(this.page.locator('#confirm-payee')).toHaveText(payee);
    await expect(this.page.locator('.confirm-summary__amount')).toContainText(amountText);
  }

  /** "Përfundoni Pagesën" and the success screen; returns the payment's id. */
  async completePayment(): Promise<string> {
    await this.button('confirm.complete').click();
    await expect(this.heading('success.title')).toBeVisible();
    await expect(this.page.getByRole('status').filter({ hasText: /./ }).first()).toBeVisible();
    return idFromUrl(this.page.url(), 'done');
  }

  // ---------- Profile ----------

  async openProfile(): Promise<void> {
    await this.page.goto('/profile');
    await expect(this.heading('profile.title')).toBeVisible();
  }

  async exit(): Promise<void> {
    await this.openProfile();
    await this.button('profile.exit').click();
    await expect(
      this.page.getByRole('heading', { name: this.text('welcome.title') }),
    ).toBeVisible();
  }

  /** "Më harro" → "Aprovo" in its confirmation. */
  async forgetMe(): Promise<void> {
    await this.openProfile();
    await this.button('profile.forgetMe').click();
    await this.page
      .getByRole('dialog', { name: this.text('profile.forgetMeTitle') })
      .getByRole('button', { name: this.text('profile.forgetMeApprove') })
      .click();
    await expect(
      this.page.getByRole('heading', { name: this.text('welcome.title') }),
    ).toBeVisible();
  }
}

function idFromUrl(url: string, after: string): string {
  const parts = new URL(url).pathname.split('/');
  const id = parts[parts.indexOf(after) + 1];
  if (!id) throw new Error(`no id after /${after}/ in ${url}`);
  return id;
}
