/**
 * The payer's screens beyond the happy path (issue 13): the confirmation screen at the largest
 * system font, the amount field with its refusal, the SMS code screen. Task verbs over role
 * locators, like SmartPayPhone, which they extend.
 */
import { expect, type Locator } from '@playwright/test';
import { updateSetting } from '../../../src/db/settings.ts';
import { smsCode } from '../../helpers/bank.ts';
import { labelPattern } from './labels.ts';
import { SmartPayPhone } from './smartpay-phone.ts';

export class PayerPhone extends SmartPayPhone {
  /** Android's largest font setting (200 %): the browser's default font size, as a user sets it. */
  async useLargestSystemFont(): Promise<void> {
    const devtools = await this.page.context().newCDPSession(this.page);
    await devtools.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
  }

  navigation(): Locator {
    return this.page.getByRole('navigation', { name: this.text('nav.label') });
  }

  amountField(): Locator {
    return this.page.getByLabel(this.text('confirm.enterAmount'));
  }

  /** The amount a refusal left on the field, and the refusal read as the field's description. */
  async expectAmountRefused(typed: string, refusal: RegExp | string): Promise<void> {
    await expect(this.amountField()).toHaveValue(typed);
    await expect(this.amountField()).toHaveAccessibleDescription(refusal);
    await expect(this.button('confirm.complete')).toHaveCount(0);
  }

  /** The bank's setting for how long a quote holds (10 s at least). */
  async setQuoteValiditySeconds(seconds: number): Promise<void> {
    await updateSetting(this.server.database.db, 'quotes.validitySeconds', String(seconds), 'test');
  }

  resendButton(): Locator {
    return this.page.getByRole('button', { name: labelPattern(this.language, 'otp.resend') });
  }

  codeField(): Locator {
    return this.page.getByLabel(this.text('otp.code'));
  }

  /** Types the code digit by digit, as a person or SMS autofill does; no button pressed. */
  async typeSmsCode(code: string): Promise<void> {
    await this.codeField().pressSequentially(code);
  }

  async currentSmsCode(cif: string, smsBefore: bigint): Promise<string> {
    return (await smsCode(this.server, cif, smsBefore)).code;
  }
}

/** A four-digit code that is surely not `code`: every digit moved by one. */
export function wrongCode(code: string): string {
  return [...code].map((digit) => String((Number(digit) + 1) % 10)).join('');
}
