import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCrc,
  crc16CcittFalse,
  encodeTlv,
  parseTlv,
  payloadLengthMax,
  tlv,
  withCrc,
} from './emv.ts';
import { emvcoSpecExample } from '../../test/qr/vectors.ts';

function reasonOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return (error as { code?: string; details?: { reason?: string } }).code === 'QR_INVALID'
      ? (error as { details?: { reason?: string } }).details?.reason
      : error;
  }
  return 'accepted';
}

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value 29B1 for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });

  it('is the initial value FFFF for no input, always four upper-case hex digits', () => {
    expect(crc16CcittFalse('')).toBe('FFFF');
    expect(crc16CcittFalse('000201')).toMatch(/^[0-9A-F]{4}$/);
  });

  it('gives A13A for the EMVCo specification example, over its UTF-8 bytes', () => {
    expect(crc16CcittFalse(emvcoSpecExample.slice(0, -4))).toBe('A13A');
    expect(checkCrc(emvcoSpecExample)).toBe(emvcoSpecExample.slice(0, -8));
  });
});

describe('TLV', () => {
  it('splits the EMVCo specification example, counting characters not bytes', () => {
    const fields = parseTlv(emvcoSpecExample);
    expect(fields.map((field) => field.tag)).toEqual([
      '00',
      '01',
      '29',
      '31',
      '52',
      '58',
      '59',
      '60',
      '64',
      '54',
      '53',
      '55',
      '62',
      '91',
      '63',
    ]);
    const language = fields.find((field) => field.tag === '64')?.value ?? '';
    expect(parseTlv(language)).toEqual([tlv('00', 'ZH'), tlv('01', '最佳运输'), tlv('02', '北京')]);
    expect(fields.find((field) => field.tag === '54')?.value).toBe('23.72');
  });

  it('writes lengths as two digits of characters', () => {
    expect(encodeTlv([tlv('00', '01'), tlv('01', '最佳运输')])).toBe('0002010104最佳运输');
  });

  it('any list of distinct tags with 1..99 characters each round-trips', () => {
    const value = fc.string({ minLength: 1, maxLength: 99, unit: 'grapheme' }).filter((text) => {
      const length = Array.from(text).length;
      return length >= 1 && length <= 99;
    });
    const fields = fc.uniqueArray(fc.record({ tag: fc.stringMatching(/^\d{2}$/), value }), {
      selector: (field) => field.tag,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fields, (list) => {
        expect(parseTlv(encodeTlv(list))).toEqual(list);
      }),
    );
  });

  it.each([
    ['a field header cut short', '000', 'truncated'],
    ['a value running past the end', '000301', 'truncated'],
    ['a dangling tag after a good field', '00020101', 'truncated'],
    ['a letter in a tag', '0A0201', 'tag_format'],
    ['a letter in a length', '00x201', 'length_format'],
    ['a zero length', '0000', 'length_format'],
    ['a sign in a length', '00-101', 'length_format'],
    ['the same tag twice', '000201000201', 'duplicate_tag'],
  ])('refuses %s', (_name, text, reason) => {
    expect(reasonOf(() => parseTlv(text))).toBe(reason);
  });

  it(`refuses input longer than ${payloadLengthMax} characters`, () => {
    const long = encodeTlv(Array.from({ length: 6 }, (_, i) => tlv(`1${i}`, 'A'.repeat(99))));
    expect(reasonOf(() => parseTlv(long))).toBe('too_long');
  });

  it('refuses to write a tag that is not two digits or a value of 0 or 100 characters', () => {
    expect(() => encodeTlv([tlv('1', 'A')])).toThrow(/assertion/);
    expect(() => encodeTlv([tlv('10', '')])).toThrow(/assertion/);
    expect(() => encodeTlv([tlv('10', 'A'.repeat(100))])).toThrow(/assertion/);
  });
});

describe('CRC field (tag 63)', () => {
  const body = encodeTlv([tlv('00', '01'), tlv('01', '11')]);

  it('is appended last and checked back', () => {
    const text = withCrc(body);
    expect(text).toBe('0002010102116304AD0A');
    expect(checkCrc(text)).toBe(body);
  });

  it.each([
    ['a wrong CRC', (text: string) => `${text.slice(0, -4)}0000`],
    ['a lower-case CRC', (text: string) => text.toLowerCase()],
    ['no CRC at all', (text: string) => text.slice(0, -8)],
    ['a CRC field of the wrong length', (text: string) => `${text.slice(0, -8)}6303ABC`],
    ['one changed character before it', (text: string) => `1${text.slice(1)}`],
  ])('refuses %s', (_name, mangle) => {
    expect(reasonOf(() => checkCrc(mangle(withCrc(body))))).toBe('crc');
  });
});
