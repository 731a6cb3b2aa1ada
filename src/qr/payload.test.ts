import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencies } from '../core/currencies.ts';
import { base32Encode } from '../core/ids.ts';
import {
  edit,
  encodedAccountCode,
  encodedRequest,
  fieldsOf,
  reasonOf,
  sampleAccountCode,
  sampleReference,
  sampleRequest,
  sampleSigning,
  setSub,
} from '../../test/qr/payloads.ts';
import { parseTlv, payloadLengthMax } from './emv.ts';
import { asciiFold, asciiPayeeName, maskName, payloadNote } from './names.ts';
import { encodeSmartPayPayload, parseSmartPayPayload, qrAmountMinorMax } from './payload.ts';

const reference = sampleReference;
const signing = sampleSigning;
const request = sampleRequest;
const accountCode = sampleAccountCode;

describe('SmartPay payload layout (DESIGN.md §3)', () => {
  it('writes every field of the contract, in order, with the CRC last', () => {
    const fields = parseTlv(encodedRequest);
    expect(fields.map((field) => field.tag)).toEqual([
      '00',
      '01',
      '26',
      '52',
      '53',
      '54',
      '58',
      '59',
      '60',
      '62',
      '64',
      '63',
    ]);
    const values = fieldsOf(encodedRequest);
    expect([values.get('00'), values.get('01'), values.get('52'), values.get('53')]).toEqual([
      '01',
      '12',
      '4829',
      '978',
    ]);
    expect([values.get('54'), values.get('58'), values.get('59'), values.get('60')]).toEqual([
      '12.50',
      'XK',
      'ELIRA C.',
      'Prishtine',
    ]);
    expect(fieldsOf(values.get('62') ?? '')).toEqual(
      new Map([
        ['05', reference.slice(0, 25)],
        ['08', 'Dreke'],
      ]),
    );
    expect(fieldsOf(values.get('64') ?? '')).toEqual(
      new Map([
        ['00', 'sq'],
        ['01', 'Ëlira Ç.'],
      ]),
    );
  });

  it('signs with HMAC-SHA-256 over POI, reference, currency and amount, cut to 128 bits', () => {
    const template = fieldsOf(fieldsOf(encodedRequest).get('26') ?? '');
    const canonical = ['smartpay-qr-mac-v1', '12', reference, '978', '12.50'].join('\n');
    const digest = createHmac('sha256', 'key-current').update(canonical).digest();
    expect(template).toEqual(
      new Map([
        ['00', 'xk.bank.smartpay'],
        ['01', reference],
        ['02', base32Encode(digest.subarray(0, 16))],
      ]),
    );
  });

  it('gives an account code POI 11 and no amount, and writes amounts with the exponent', () => {
    const values = fieldsOf(encodedAccountCode);
    expect(values.get('01')).toBe('11');
    expect(values.has('54')).toBe(false);
    const yen = encodeSmartPayPayload({ ...request, currency: 'JPY', amountMinor: 1500n }, signing);
    expect(fieldsOf(yen).get('54')).toBe('1500');
    const dinar = encodeSmartPayPayload({ ...request, currency: 'KWD', amountMinor: 5n }, signing);
    expect(fieldsOf(dinar).get('54')).toBe('0.005');
  });

  it('is deterministic, so a stored code can be served again', () => {
    expect(encodeSmartPayPayload(request, signing)).toBe(encodedRequest);
  });

  it('refuses to write a scheme id too long for tag 26 or an amount on an account code', () => {
    const longScheme = { ...signing, schemeId: 'a'.repeat(30) };
    expect(() => encodeSmartPayPayload(request, longScheme)).toThrow(/assertion/);
    expect(() => encodeSmartPayPayload({ ...accountCode, amountMinor: 1n }, signing)).toThrow(
      /assertion/,
    );
  });
});

const letters = [...'abcçdeëfghijklmnopqrstuvxyzABCÇDEËFGHIJKLMNOPQRSTUVXYZ'];
const word = fc.array(fc.constantFrom(...letters), { minLength: 1, maxLength: 14 });
const payeeName = fc
  .tuple(word, fc.option(word, { nil: undefined }))
  .map(([first, last]) => maskName([first.join(''), last?.join('') ?? ''].join(' ')));
const payloadInput = fc
  .record({
    kind: fc.constantFrom('account' as const, 'request' as const),
    reference: fc.uint8Array({ minLength: 16, maxLength: 20 }).map(base32Encode),
    currency: fc.constantFrom(...currencies.map((info) => info.code)),
    payeeName,
    city: fc.stringMatching(/^[A-Za-zëç][A-Za-zëç .-]{0,14}$/),
    country: fc.stringMatching(/^[A-Z]{2}$/),
    note: fc.option(fc.string({ unit: 'grapheme', maxLength: 140 }), { nil: undefined }),
    fraction: fc.bigInt({ min: 1n, max: 1n << 64n }),
  })
  .map(({ fraction, ...input }) => ({
    ...input,
    amountMinor:
      input.kind === 'request' ? (fraction % qrAmountMinorMax(input.currency)) + 1n : null,
  }));

describe('round trip', () => {
  it('any valid input encodes within bounds and parses back to the same fields', () => {
    const schemeId = fc.stringMatching(/^[a-z0-9.-]{3,29}$/);
    fc.assert(
      fc.property(payloadInput, schemeId, (input, scheme) => {
        const options = { schemeId: scheme, keys: { current: 'k' } };
        const text = encodeSmartPayPayload(input, options);
        expect(Array.from(text).length).toBeLessThanOrEqual(payloadLengthMax);
        expect(parseSmartPayPayload(text, options)).toEqual({
          kind: input.kind,
          schemeId: scheme,
          reference: input.reference,
          currency: input.currency,
          currencyNumeric: currencies.find((c) => c.code === input.currency)?.numeric,
          amountMinor: input.amountMinor,
          payeeName: input.payeeName,
          payeeNameAscii: asciiPayeeName(input.payeeName),
          language: 'sq',
          city: asciiFold(input.city),
          country: input.country,
          note: payloadNote(input.note) ?? null,
          macKey: 'current',
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('keys', () => {
  const rotated = {
    schemeId: signing.schemeId,
    keys: { current: 'key-next', previous: 'key-current' },
  };

  it('accepts a code signed with the previous key during rotation, and says so', () => {
    expect(parseSmartPayPayload(encodedRequest, rotated).macKey).toBe('previous');
    expect(parseSmartPayPayload(encodeSmartPayPayload(request, rotated), rotated).macKey).toBe(
      'current',
    );
  });

  it('refuses a code signed with a key that is neither current nor previous', () => {
    const stranger = { schemeId: signing.schemeId, keys: { current: 'key-stranger' } };
    expect(
      reasonOf(() =>
        parseSmartPayPayload(encodedRequest, { ...rotated, keys: { current: 'key-next' } }),
      ),
    ).toBe('mac');
    expect(
      reasonOf(() => parseSmartPayPayload(encodeSmartPayPayload(request, stranger), rotated)),
    ).toBe('mac');
  });
});

describe('tampering with a recomputed CRC is caught by the MAC', () => {
  it.each<[string, string, (fields: Map<string, string>) => void]>([
    ['the amount', encodedRequest, (f) => f.set('54', '99.99')],
    ['the currency', encodedRequest, (f) => f.set('53', '840')],
    [
      'the currency and amount together',
      encodedRequest,
      (f) => (f.set('53', '392'), f.set('54', '1250')),
    ],
    [
      'the reference',
      encodedRequest,
      (f) => {
        const forged = `Z${reference.slice(1)}`;
        setSub(f, '26', '01', forged);
        setSub(f, '62', '05', forged.slice(0, 25));
      },
    ],
    [
      'a request into an account code (POI 12 → 11)',
      encodedRequest,
      (f) => (f.set('01', '11'), f.delete('54')),
    ],
    [
      'an account code into a request (POI 11 → 12)',
      encodedAccountCode,
      (f) => (f.set('01', '12'), f.set('54', '1.00')),
    ],
    ['the MAC itself', encodedRequest, (f) => setSub(f, '26', '02', 'A'.repeat(26))],
    ['a MAC that is not base32', encodedRequest, (f) => setSub(f, '26', '02', 'a'.repeat(26))],
  ])('%s', (_name, payload, change) => {
    expect(reasonOf(() => parseSmartPayPayload(edit(payload, change), signing))).toBe('mac');
  });

  it('leaves the name to the database comparison: it is a display copy', () => {
    const renamed = edit(encodedRequest, (f) => f.set('59', 'MALLORY M.'));
    expect(parseSmartPayPayload(renamed, signing).payeeNameAscii).toBe('MALLORY M.');
  });
});
