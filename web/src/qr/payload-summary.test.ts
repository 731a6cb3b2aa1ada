import { describe, expect, it } from 'vitest';
import { type PayloadInput, encodeSmartPayPayload } from '../../../src/qr/payload.ts';
import { summarizePayload } from './payload-summary.ts';

const signing = { schemeId: 'xk.bank.smartpay', keys: { current: 'test-key' } };
const request: PayloadInput = {
  kind: 'request',
  reference: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  currency: 'EUR',
  amountMinor: 1250n,
  payeeName: 'Ëlira Ç.',
  city: 'Prishtinë',
  country: 'XK',
  note: 'Drekë',
};
const encodedRequest = encodeSmartPayPayload(request, signing);
const encodedAccountCode = encodeSmartPayPayload(
  { ...request, kind: 'account', amountMinor: null, note: null },
  signing,
);

describe('the payer screen reads the display fields of a SmartPay code', () => {
  it('an account code asks the payer for the amount', () => {
    expect(summarizePayload(encodedAccountCode)).toEqual({
      kind: 'account',
      currency: 'EUR',
      payeeName: 'Ëlira Ç.',
    });
  });

  it('a request carries its own amount', () => {
    expect(summarizePayload(encodedRequest)).toMatchObject({ kind: 'request', currency: 'EUR' });
  });

  it.each(['', 'hello', 'https://example.com', '000201', '0002010102990000'])(
    'anything else (%j) is left to the server to refuse',
    (text) => expect(summarizePayload(text)).toBeUndefined(),
  );
});
