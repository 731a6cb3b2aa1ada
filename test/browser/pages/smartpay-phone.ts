/**
 * A customer's phone running SmartPay: task verbs over role locators (STYLE.md: page objects,
 * "createRequest(amount)"), in the language the phone shows; the openings the specs share (a new
 * user who enrolls, a customer who logs in on a new phone) and the screens of a logged-in customer.
 */
import { expect, type Page } from '@playwright/test';
import {
  type CustomerSpec,
  customerWithMoney,
  customerWithQrAccount,
  type SmartPayCustomer,
  type TestCustomer,
} from '../../helpers/bank.ts';
import type { BrowserTestServer, OpenPhone } from '../support/fixtures.ts';
import type { Language } from './labels.ts';
import { LoginScreens } from './login-screens.ts';

/** SmartPayPhone or a page object that extends it (PayerPhone). */
type PhoneClass<P extends SmartPayPhone> = new (
  page: Page,
  server: BrowserTestServer,
  language?: Language,
) => P;

async function newPhone<P extends SmartPayPhone>(
  Phone: PhoneClass<P>,
  server: BrowserTestServer,
  openPhone: OpenPhone,
  language: Language,
): Promise<P> {
  return new Phone((await openPhone({ language })).page, server, language);
}

export class SmartPayPhone extends LoginScreens {
  // ---------- A customer and their phone, as the specs begin ----------

  /** A new phone (its own browser context) in `language`, with nobody logged in. */
  static async open<P extends SmartPayPhone>(
    this: PhoneClass<P>,
    server: BrowserTestServer,
    openPhone: OpenPhone,
    language: Language = 'sq',
  ): Promise<P> {
    return newPhone(this, server, openPhone, language);
  }

  /**
   * A customer made through the API (customerWithQrAccount: enrolled, with a QR account) who
   * logs in fully on a new phone and does not trust it: the phone is at home.
   */
  static async loggedIn<P extends SmartPayPhone>(
    this: PhoneClass<P>,
    server: BrowserTestServer,
    openPhone: OpenPhone,
    name: string,
    spec: Omit<CustomerSpec, 'name' | 'canLogIn'> = {},
  ): Promise<{ readonly phone: P; readonly customer: SmartPayCustomer }> {
    const customer = await customerWithQrAccount(server, name, spec);
    const phone = await newPhone(this, server, openPhone, 'sq');
    await phone.logInOnNewPhone(customer);
    await phone.skipTrustingThisDevice();
    return { phone, customer };
  }

  /**
   * A customer of the bank with 5,000.00 EUR who enrolls on a new phone as the guide says, does
   * not trust it and opens a EUR QR account (enrollAndOpenQrAccount).
   */
  static async newUser<P extends SmartPayPhone>(
    this: PhoneClass<P>,
    server: BrowserTestServer,
    openPhone: OpenPhone,
    name: string,
    language: Language = 'sq',
  ): Promise<{ readonly phone: P; readonly customer: TestCustomer; readonly qrAccountId: string }> {
    const customer = await customerWithMoney(server.database.db, { name, balance: 500_000n });
    const phone = await newPhone(this, server, openPhone, language);
    const qrAccountId = await phone.enrollAndOpenQrAccount(customer);
    return { phone, customer, qrAccountId };
  }

  /**
   * The payee and the payer most specs pay between: Arta Krasniqi and Besnik Gashi, each a new
   * user (newUser) on a phone of their own; `payeeAccount` is Arta's EUR QR account.
   */
  static async payeeAndPayer(
    server: BrowserTestServer,
    openPhone: OpenPhone,
    language: Language = 'sq',
  ): Promise<{
    readonly payee: SmartPayPhone;
    readonly payer: SmartPayPhone;
    readonly payeeAccount: string;
  }> {
    const payee = await SmartPayPhone.newUser(server, openPhone, 'Arta Krasniqi', language);
    const payer = await SmartPayPhone.newUser(server, openPhone, 'Besnik Gashi', language);
    return { payee: payee.phone, payer: payer.phone, payeeAccount: payee.qrAccountId };
  }

  /**
   * A customer of the bank with 5,000.00 EUR who enrolls on a new phone that has a platform
   * authenticator and trusts it (SmartOTP): no QR account yet.
   */
  static async newUserOnTrustedPhone<P extends SmartPayPhone>(
    this: PhoneClass<P>,
    server: BrowserTestServer,
    openPhone: OpenPhone,
    name: string,
  ): Promise<{ readonly phone: P; readonly customer: TestCustomer }> {
    const customer = await customerWithMoney(server.database.db, { name, balance: 500_000n });
    const phone = await newPhone(this, server, openPhone, 'sq');
    await phone.addPlatformAuthenticator();
    await phone.enroll(customer);
    await phone.trustThisDevice();
    return { phone, customer };
  }

  /** Enrolls, does not trust this phone, and opens a QR account; returns its id. */
  async enrollAndOpenQrAccount(customer: TestCustomer, currency = 'EUR'): Promise<string> {
    await this.enroll(customer);
    await this.skipTrustingThisDevice();
    return this.createQrAccount(currency);
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

  /** "Ngjit kodin": a code's text on the scanner's paste screen, then "Vazhdo". */
  async pasteCode(text: string): Promise<void> {
    await this.page.goto('/pay/paste');
    await this.page.getByLabel(this.text('paste.label')).fill(text);
    await this.button('common.continue').click();
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
