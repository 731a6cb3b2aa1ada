import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { developmentSecrets, loadConfig } from '../core/config.ts';
import {
  type ReceiptFields,
  canonicalReceiptJson,
  formatReference,
  newReceiptReference,
  normalizeReference,
  parseReceiptFields,
  referencePattern,
} from './fields.ts';
import { checkReceiptSignature, createReceiptSigner, privateKeyFromText } from './signing.ts';

const fields: ReceiptFields = {
  version: 1,
  kind: 'payment',
  reference: 'ABCDEFGH2345',
  payer: 'Besnik G.',
  payee: 'Arta K.',
  amount: '12.50',
  currency: 'EUR',
  fee: '0.11',
  feeCurrency: 'EUR',
  rate: null,
  paidAt: '2026-06-15T10:00:00.000Z',
  refundOf: null,
};
const seed = developmentSecrets.receiptSigningKey;

describe('receipt signatures', () => {
  it('a signed receipt verifies with the published key (round trip)', () => {
    const signer = createReceiptSigner(privateKeyFromText(seed, 'key'));
    const signed = signer.sign(fields);
    expect(signed.keyId).toBe(signer.keys[0]?.keyId);
    expect(checkReceiptSignature(signer.keys, fields, signed)).toBe('valid');
  });

  it('changing any field breaks the signature', () => {
    const signer = createReceiptSigner(privateKeyFromText(seed, 'key'));
    const signed = signer.sign(fields);
    for (const change of [
      { amount: '125.00' },
      { payee: 'Arta X.' },
      { fee: '0.00' },
      { paidAt: '2026-06-16T10:00:00.000Z' },
      { rate: '1.00000000' },
      { kind: 'refund' as const },
    ])
      expect(checkReceiptSignature(signer.keys, { ...fields, ...change }, signed)).toBe('invalid');
  });

  it('the canonical bytes do not depend on the order an object was built in', () => {
    const reversed = Object.fromEntries(
      Object.entries(fields).reverse(),
    ) as unknown as ReceiptFields;
    expect(canonicalReceiptJson(reversed)).toBe(canonicalReceiptJson(fields));
  });

  it('after a rotation, receipts signed with the previous key still verify; others do not', () => {
    const old = createReceiptSigner(privateKeyFromText(seed, 'key'));
    const signedBefore = old.sign(fields);
    const fresh = generateKeyPairSync('ed25519').privateKey;
    const rotated = createReceiptSigner(fresh, privateKeyFromText(seed, 'key'));
    expect(rotated.keys.map((k) => k.status)).toEqual(['current', 'previous']);
    expect(checkReceiptSignature(rotated.keys, fields, signedBefore)).toBe('valid');
    expect(rotated.sign(fields).keyId).not.toBe(signedBefore.keyId);
    const stranger = createReceiptSigner(generateKeyPairSync('ed25519').privateKey);
    expect(checkReceiptSignature(rotated.keys, fields, stranger.sign(fields))).toBe('unknown-key');
  });

  it('keys are read as PKCS#8 PEM or a 32-byte seed; anything else is refused', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(privateKeyFromText(pem, 'key').asymmetricKeyType).toBe('ed25519');
    expect(privateKeyFromText(Buffer.from(seed, 'hex').toString('base64'), 'key')).toBeDefined();
    expect(() => privateKeyFromText('supersecret', 'SMARTPAY_RECEIPT_SIGNING_KEY')).toThrow(
      /SMARTPAY_RECEIPT_SIGNING_KEY must be an Ed25519 private key/,
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => privateKeyFromText(rsa, 'key')).toThrow(/Ed25519/);
  });

  it('production refuses the development receipt key', () => {
    const production = {
      NODE_ENV: 'production',
      SMARTPAY_QR_MAC_KEY: 'q'.repeat(40),
      SMARTPAY_OTP_HMAC_KEY: 'o'.repeat(40),
      SMARTPAY_SMS_PROVIDER: 'http',
      SMARTPAY_SMS_HTTP_URL: 'https://sms.bank.example',
      SMARTPAY_PUBLIC_ORIGIN: 'https://pay.bank.example',
    };
    expect(() => loadConfig(production)).toThrow(/SMARTPAY_RECEIPT_SIGNING_KEY/);
    const key = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' });
    const own = key.subarray(-32).toString('hex');
    expect(loadConfig({ ...production, SMARTPAY_RECEIPT_SIGNING_KEY: own }).receiptSigningKey).toBe(
      own,
    );
  });
});

describe('receipt fields and references', () => {
  it('references are 12 base32 characters, shown in groups of four and read back loosely', () => {
    const reference = newReceiptReference();
    expect(reference).toMatch(referencePattern);
    expect(formatReference('ABCDEFGH2345')).toBe('ABCD-EFGH-2345');
    expect(normalizeReference(' abcd-efgh 2345 ')).toBe('ABCDEFGH2345');
  });

  it('fields read from untrusted JSON must have exactly the known keys and types', () => {
    expect(parseReceiptFields(JSON.parse(canonicalReceiptJson(fields)))).toEqual(fields);
    expect(parseReceiptFields({ ...fields, extra: 1 })).toBeUndefined();
    expect(parseReceiptFields({ ...fields, amount: 12.5 })).toBeUndefined();
    const { fee: _fee, ...missing } = fields;
    expect(parseReceiptFields(missing)).toBeUndefined();
    expect(parseReceiptFields('x')).toBeUndefined();
  });
});
