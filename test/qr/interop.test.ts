/**
 * The payload is EMVCo MPM so that any EMVCo reader can split it (DESIGN.md §3). promptparse is
 * an independent EMVCo parser from npm (PromptPay and generic EMVCo); what it reads must be what
 * we wrote, tag for tag, and its CRC must agree with ours.
 *
 * promptparse computes the CRC over UTF-16 code units (low byte of each), which equals the
 * specification's CRC over UTF-8 bytes only for ASCII text: it rejects the specification's own
 * example (A13A, Chinese in tag 64) in strict mode. So its CRC check is used on ASCII payloads,
 * and non-ASCII ones (a name like "Ëlira Ç." in tag 64) are compared tag for tag only.
 */
import fc from 'fast-check';
import { type TLVTag, checksum, parse } from 'promptparse';
import { describe, expect, it } from 'vitest';
import { currencies } from '../../src/core/currencies.ts';
import { newCodeReference } from '../../src/core/ids.ts';
import { crc16CcittFalse, parseTlv } from '../../src/qr/emv.ts';
import { encodeSmartPayPayload, maskName, qrAmountMinorMax } from '../../src/qr/payload.ts';
import { encodedAccountCode, encodedRequest, sampleRequest, sampleSigning } from './payloads.ts';
import { emvcoSpecExample } from './vectors.ts';

const templates = new Set(['26', '62', '64']);

/** Our own reading, in promptparse's shape: tag → value, and sub-tags of the templates. */
function ourTags(text: string): Record<string, unknown> {
  return Object.fromEntries(
    parseTlv(text).map(({ tag, value }) => [
      tag,
      templates.has(tag) ? { value, sub: ourTags(value) } : value,
    ]),
  );
}

function theirTags(tags: readonly TLVTag[]): Record<string, unknown> {
  return Object.fromEntries(
    tags.map((tag) => [
      tag.id,
      templates.has(tag.id) ? { value: tag.value, sub: theirTags(tag.subTags ?? []) } : tag.value,
    ]),
  );
}

const isAscii = (text: string) => /^[\x20-\x7E]*$/.test(text);

/**
 * Strict mode checks the CRC on the text as scanned. (Its validate() re-encodes from sub-tags it
 * guesses in any value starting with four digits, such as the amount "670209032.00", so it is
 * not a CRC check and is not used.)
 */
function readByPromptparse(text: string): Record<string, unknown> {
  const qr = parse(text, isAscii(text), true);
  expect(qr).not.toBeNull();
  return theirTags(qr?.getTags() ?? []);
}

describe('interoperability with an independent EMVCo parser (promptparse)', () => {
  it('reads the EMVCo specification example as we do', () => {
    const qr = parse(emvcoSpecExample);
    expect(qr?.getTags().map((tag) => [tag.id, tag.value])).toEqual(
      parseTlv(emvcoSpecExample).map((field) => [field.tag, field.value]),
    );
  });

  it('reads our request and account code tag for tag, templates included', () => {
    const asciiName = encodeSmartPayPayload(
      { ...sampleRequest, payeeName: 'Arta K.' },
      sampleSigning,
    );
    expect(isAscii(asciiName)).toBe(true);
    for (const text of [encodedRequest, encodedAccountCode, asciiName]) {
      expect(readByPromptparse(text)).toEqual(ourTags(text));
    }
    expect(parse(encodedRequest)?.getTagValue('26', '01')).toBe(
      parseTlv(parseTlv(encodedRequest)[2]?.value ?? '')[1]?.value,
    );
  });

  it('agrees on every generated payload and on the CRC', () => {
    // Half the names ASCII (where promptparse's CRC can be compared), half Albanian.
    const nameFrom = (letters: string[]) =>
      fc
        .array(fc.constantFrom(...letters), { minLength: 2, maxLength: 30 })
        .map((chars) => maskName(`${chars.join('')} ${chars.reverse().join('')}`));
    const ascii = [...'abcdefghijklmnopqrstuvxyz'];
    const name = fc.oneof(nameFrom(ascii), nameFrom([...ascii, ...'çëÇË']));
    const input = fc.record({
      currency: fc.constantFrom(...currencies.map((info) => info.code)),
      name,
      note: fc.option(fc.string({ unit: 'grapheme', maxLength: 60 }), { nil: undefined }),
      amount: fc.bigInt({ min: 1n, max: 1n << 40n }),
    });
    fc.assert(
      fc.property(input, ({ currency, name: payeeName, note, amount }) => {
        const amountMinor = (amount % qrAmountMinorMax(currency)) + 1n;
        const text = encodeSmartPayPayload(
          {
            kind: 'request',
            reference: newCodeReference(),
            currency,
            amountMinor,
            payeeName,
            city: 'Prishtina',
            country: 'XK',
            note,
          },
          sampleSigning,
        );
        expect(readByPromptparse(text)).toEqual(ourTags(text));
        const covered = text.slice(0, -4);
        if (isAscii(covered)) expect(checksum(covered, true)).toBe(crc16CcittFalse(covered));
      }),
      { numRuns: 300 },
    );
  });
});
