/**
 * The SmartPay QR payload (DESIGN.md §3): EMVCo MPM TLV text that any EMVCo reader can split,
 * carrying a reference to the stored code and a MAC over the fields that move money. This file
 * writes it; parse.ts reads it back, strictly.
 */
import { currencyInfo } from '../core/currencies.ts';
import { assert } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import { type TlvField, charLength, encodeTlv, tlv, valueLengthMax, withCrc } from './emv.ts';
import {
  type PayloadInput,
  type PayloadSigning,
  cityLengthMax,
  macFields,
  merchantCategory,
  payloadLanguage,
  poiByKind,
  qrAmountMinorMax,
  referenceLabel,
  referencePattern,
} from './layout.ts';
import { computeMac } from './mac.ts';
import { asciiFold, asciiPayeeName, nameLengthMax, payloadNote } from './names.ts';

export * from './layout.ts';
export { parseSmartPayPayload } from './parse.ts';
export { asciiFold, maskName } from './names.ts';
export type { MacKeys } from './mac.ts';

export function encodeSmartPayPayload(input: PayloadInput, signing: PayloadSigning): string {
  const { numeric } = currencyInfo(input.currency);
  const amount = amountText(input);
  const mac = computeMac(signing.keys, macFields(input.kind, input.reference, numeric, amount));
  const fields: TlvField[] = [
    tlv('00', '01'),
    tlv('01', poiByKind[input.kind]),
    tlv('26', schemeTemplate(signing.schemeId, input.reference, mac)),
    tlv('52', merchantCategory),
    tlv('53', numeric),
    ...(amount === '' ? [] : [tlv('54', amount)]),
    tlv('58', checkedCountry(input.country)),
    tlv('59', asciiPayeeName(checkedName(input.payeeName))),
    tlv('60', checkedCity(input.city)),
    tlv('62', additionalData(input.reference, payloadNote(input.note))),
    tlv('64', encodeTlv([tlv('00', payloadLanguage), tlv('01', input.payeeName)])),
  ];
  return withCrc(encodeTlv(fields));
}

function amountText(input: PayloadInput): string {
  const minor = input.amountMinor ?? null;
  assert((input.kind === 'request') === (minor !== null), 'only a request has an amount');
  if (minor === null) return '';
  assert(minor > 0n && minor <= qrAmountMinorMax(input.currency), 'amount fits tag 54');
  return formatAmount(minor, input.currency);
}

function schemeTemplate(schemeId: string, reference: string, mac: string): string {
  assert(referencePattern.test(reference), 'reference is 26..32 base32 characters');
  const template = encodeTlv([tlv('00', schemeId), tlv('01', reference), tlv('02', mac)]);
  assert(
    charLength(template) <= valueLengthMax,
    'scheme id is short enough for tag 26 (29 characters)',
  );
  return template;
}

function additionalData(reference: string, note: string | undefined): string {
  const label = tlv('05', referenceLabel(reference));
  return encodeTlv(note === undefined ? [label] : [label, tlv('08', note)]);
}

function checkedCountry(country: string): string {
  assert(/^[A-Z]{2}$/.test(country), 'country is ISO 3166 alpha-2');
  return country;
}

function checkedCity(city: string): string {
  const folded = asciiFold(city);
  assert(folded.length >= 1 && folded.length <= cityLengthMax, 'city folds to 1..15 characters');
  return folded;
}

function checkedName(name: string): string {
  const length = charLength(name);
  assert(length >= 1 && length <= nameLengthMax && !/\p{C}/u.test(name), 'payee name is sane');
  return name;
}
