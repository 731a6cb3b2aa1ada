import { describe, expect, it } from 'vitest';
import { developmentSecrets, loadConfig } from './config.ts';

const production = {
  NODE_ENV: 'production',
  SMARTPAY_QR_MAC_KEY: 'q'.repeat(40),
  SMARTPAY_OTP_HMAC_KEY: 'o'.repeat(40),
  SMARTPAY_SMS_PROVIDER: 'http',
  SMARTPAY_SMS_HTTP_URL: 'https://sms.example/send',
  SMARTPAY_PUBLIC_ORIGIN: 'https://pay.example',
  SMARTPAY_RECEIPT_SIGNING_KEY: 'ab'.repeat(32),
};

describe('production configuration', () => {
  it('starts with distinct secrets of its own', () => {
    expect(loadConfig(production).env).toBe('production');
  });

  it('refuses a QR MAC key equal to the OTP HMAC key', () => {
    expect(() =>
      loadConfig({ ...production, SMARTPAY_OTP_HMAC_KEY: production.SMARTPAY_QR_MAC_KEY }),
    ).toThrow(/SMARTPAY_QR_MAC_KEY must differ from SMARTPAY_OTP_HMAC_KEY/);
  });

  it('refuses the development QR key as the previous key', () => {
    expect(() =>
      loadConfig({ ...production, SMARTPAY_QR_MAC_KEY_PREVIOUS: developmentSecrets.qrMacKey }),
    ).toThrow(/SMARTPAY_QR_MAC_KEY_PREVIOUS must not be the development key/);
  });

  it('refuses a previous QR key equal to the OTP HMAC key', () => {
    expect(() =>
      loadConfig({ ...production, SMARTPAY_QR_MAC_KEY_PREVIOUS: production.SMARTPAY_OTP_HMAC_KEY }),
    ).toThrow(/SMARTPAY_QR_MAC_KEY_PREVIOUS must differ from SMARTPAY_OTP_HMAC_KEY/);
  });

  it('development keeps its working defaults', () => {
    expect(loadConfig({}).qrMacKey).toBe(developmentSecrets.qrMacKey);
  });
});
