import { describe, expect, it } from 'vitest';
import {
  edit,
  encodedAccountCode,
  encodedRequest,
  reasonOf,
  sampleReference,
  sampleSigning,
  setSub,
} from '../../test/qr/payloads.ts';
import { withCrc } from './emv.ts';
import { parseSmartPayPayload, qrAmountMinorMax } from './payload.ts';

type Fields = Map<string, string>;
const parse = (text: unknown) => () => parseSmartPayPayload(text as string, sampleSigning);

describe('a well-formed payload', () => {
  it('parses with the current key', () => {
    expect(parseSmartPayPayload(encodedRequest, sampleSigning)).toMatchObject({
      kind: 'request',
      reference: sampleReference,
      currency: 'EUR',
      amountMinor: 1250n,
      payeeName: 'Ëlira Ç.',
      note: 'Dreke',
      macKey: 'current',
    });
  });

  it('carries at most what tag 54 and SmartPay allow', () => {
    expect(qrAmountMinorMax('EUR')).toBe(100_000_000_000n); // "1000000000.00", 13 characters
    expect(qrAmountMinorMax('KWD')).toBe(999_999_999_999n); // "999999999.999"
    expect(qrAmountMinorMax('JPY')).toBe(1_000_000_000n);
  });
});

describe('refusals of malformed payloads, each with its reason', () => {
  it.each<[string, unknown, string]>([
    ['a number instead of text', 12, 'not_a_string'],
    ['text over 512 characters', `${encodedRequest}${'0'.repeat(300)}`, 'too_long'],
    ['a control character', encodedRequest.replace('Ëlira', 'Ël\u0007ra'), 'characters'],
    ['a line separator', encodedRequest.replace('Ëlira', 'Ël\u2028ra'), 'characters'],
    ['a bidi override', encodedRequest.replace('Ëlira', '\u202Elira'), 'characters'],
    ['a wrong CRC', `${encodedRequest.slice(0, -4)}0000`, 'crc'],
    ['a missing CRC', encodedRequest.slice(0, -8), 'crc'],
    ['an empty text', '', 'crc'],
  ])('%s', (_name, text, reason) => {
    expect(reasonOf(parse(text))).toBe(reason);
  });

  it.each<[string, (f: Fields) => void, string]>([
    ['payload format 02', (f) => f.set('00', '02'), 'version'],
    ['point of initiation 13', (f) => f.set('01', '13'), 'poi'],
    ['merchant category 5999', (f) => f.set('52', '5999'), 'category'],
    ['another scheme id', (f) => setSub(f, '26', '00', 'com.example.pay'), 'scheme'],
    [
      'a lower-case reference',
      (f) => setSub(f, '26', '01', sampleReference.toLowerCase()),
      'reference',
    ],
    ['a short reference', (f) => setSub(f, '26', '01', 'ABCDEFGH'), 'reference'],
    ['a reference label that differs', (f) => setSub(f, '62', '05', 'X'.repeat(25)), 'reference'],
    ['an unknown currency', (f) => f.set('53', '999'), 'currency'],
    ['an alphabetic currency', (f) => f.set('53', 'EUR'), 'currency'],
    ['a request without an amount', (f) => f.delete('54'), 'amount'],
    ['an amount with one decimal', (f) => f.set('54', '12.5'), 'amount'],
    ['an amount with three decimals', (f) => f.set('54', '12.500'), 'amount'],
    ['an amount with a leading zero', (f) => f.set('54', '012.50'), 'amount'],
    ['an amount with a comma', (f) => f.set('54', '12,50'), 'amount'],
    ['a negative amount', (f) => f.set('54', '-1.00'), 'amount'],
    ['a zero amount', (f) => f.set('54', '0.00'), 'amount'],
    ['an amount in exponent notation', (f) => f.set('54', '1e3'), 'amount'],
    ['an amount too large for tag 54', (f) => f.set('54', '1000000000.01'), 'amount'],
    ['a missing name (59)', (f) => f.delete('59'), 'missing_tag'],
    ['a missing additional data template (62)', (f) => f.delete('62'), 'missing_tag'],
    ['a missing language template (64)', (f) => f.delete('64'), 'missing_tag'],
    ['a missing MAC (26/02)', (f) => setSub(f, '26', '02'), 'missing_tag'],
    ['a missing reference label (62/05)', (f) => setSub(f, '62', '05'), 'missing_tag'],
    ['an extra top-level tag', (f) => f.set('27', 'EXTRA'), 'unexpected_tag'],
    ['an extra tag in 26', (f) => setSub(f, '26', '03', 'X'), 'unexpected_tag'],
    ['an extra tag in 62', (f) => setSub(f, '62', '01', 'X'), 'unexpected_tag'],
    ['tag 63 in the middle', (f) => f.set('63', 'ABCD'), 'duplicate_tag'],
    ['a non-ASCII name in 59', (f) => f.set('59', 'ËLIRA Ç.'), 'format'],
    ['a lower-case country', (f) => f.set('58', 'xk'), 'format'],
    ['a city over 15 characters', (f) => f.set('60', 'P'.repeat(16)), 'format'],
    ['a note over 25 characters', (f) => setSub(f, '62', '08', 'n'.repeat(26)), 'format'],
    ['a non-ASCII note', (f) => setSub(f, '62', '08', 'Drekë'), 'format'],
    ['an upper-case language', (f) => setSub(f, '64', '00', 'SQ'), 'format'],
    ['a name over 25 characters in 64', (f) => setSub(f, '64', '01', 'N'.repeat(26)), 'format'],
  ])('%s', (_name, change, reason) => {
    expect(reasonOf(parse(edit(encodedRequest, change)))).toBe(reason);
  });

  it('refuses an account code that carries an amount', () => {
    const priced = edit(encodedAccountCode, (f) => f.set('54', '1.00'));
    expect(reasonOf(parse(priced))).toBe('amount');
  });

  it('refuses a payload whose first tag is not 00', () => {
    const body = encodedRequest.slice(0, -8);
    const swapped = `${body.slice(6, 12)}${body.slice(0, 6)}${body.slice(12)}`;
    expect(reasonOf(parse(withCrc(swapped)))).toBe('order');
  });

  it('refuses a tag given twice, at the top level and inside a template', () => {
    const body = encodedRequest.slice(0, -8);
    expect(reasonOf(parse(withCrc(`${body}5303978`)))).toBe('duplicate_tag');
    const template = edit(encodedRequest, (f) => f.set('62', `${f.get('62')}0503ABC`));
    expect(reasonOf(parse(template))).toBe('duplicate_tag');
  });

  it('refuses wrong lengths, whatever field they hit', () => {
    const longer = withCrc(encodedRequest.slice(0, -8).replace('5303978', '5304978'));
    const shorter = withCrc(encodedRequest.slice(0, -8).replace('5802XK', '5801XK'));
    const truncated = withCrc(encodedRequest.slice(0, -20));
    for (const text of [longer, shorter, truncated]) {
      const reason = reasonOf(parse(text));
      expect(typeof reason === 'string' && reason !== 'accepted').toBe(true);
    }
  });
});
