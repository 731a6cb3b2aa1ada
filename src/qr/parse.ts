/**
 * Reads a scanned SmartPay payload strictly: anything but exactly what encodeSmartPayPayload
 * writes is QR_INVALID with a reason in details, before any database work is done.
 */
import { currencyByNumeric } from '../core/currencies.ts';
import { isDomainError } from '../core/errors.ts';
import { formatAmount, parseAmount } from '../core/money.ts';
import {
  type TlvField,
  charLength,
  checkCrc,
  fieldMap,
  parseTlv,
  payloadLengthMax,
  qrInvalid,
} from './emv.ts';
import {
  type CodeKind,
  type ParsedPayload,
  type PayloadSigning,
  cityLengthMax,
  macFields,
  merchantCategory,
  poiByKind,
  qrAmountMinorMax,
  referenceLabel,
  referencePattern,
} from './layout.ts';
import { verifyMac } from './mac.ts';
import { isPrintableAscii, nameLengthMax, payloadNoteLengthMax } from './names.ts';

const topLevelTags = ['00', '01', '26', '52', '53', '54', '58', '59', '60', '62', '64'];
const optionalTags = new Set(['54']);

/**
 * Reads and verifies a scanned payload: characters, CRC, TLV structure, every fixed value, the
 * scheme, the currency, the amount, then the MAC (current key, then previous). Throws
 * QR_INVALID with details.reason for anything else.
 */
export function parseSmartPayPayload(text: string, signing: PayloadSigning): ParsedPayload {
  if (typeof text !== 'string') throw qrInvalid('not_a_string', 'payload must be text');
  if (text.length > payloadLengthMax * 2 || charLength(text) > payloadLengthMax)
    throw qrInvalid('too_long', `longer than ${payloadLengthMax} characters`);
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(text))
    throw qrInvalid('characters', 'it holds non-printable characters');
  const fields = topLevelFields(checkCrc(text));
  const kind = kindOf(fields);
  const scheme = schemeFields(fields.get('26') ?? '', signing.schemeId);
  const { code: currency, numeric } = currencyOf(fields.get('53') ?? '');
  const amountMinor = amountOf(kind, currency, fields.get('54'));
  const extra = additionalFields(fields.get('62') ?? '', scheme.reference);
  const language = languageFields(fields.get('64') ?? '');
  const amount = amountMinor === null ? '' : (fields.get('54') ?? '');
  const macKey = verifyMac(
    signing.keys,
    macFields(kind, scheme.reference, numeric, amount),
    scheme.mac,
  );
  if (macKey === undefined) throw qrInvalid('mac', 'it was not issued by this bank');
  return {
    kind,
    schemeId: signing.schemeId,
    reference: scheme.reference,
    currency,
    currencyNumeric: numeric,
    amountMinor,
    payeeName: language.name,
    payeeNameAscii: ansField(fields, '59', nameLengthMax),
    language: language.language,
    city: ansField(fields, '60', cityLengthMax),
    country: countryOf(fields.get('58') ?? ''),
    note: extra.note,
    macKey,
  };
}

function topLevelFields(body: string): ReadonlyMap<string, string> {
  const fields = parseTlv(body);
  if (fields[0]?.tag !== '00') throw qrInvalid('order', 'tag 00 must come first');
  return requireTags(fields, topLevelTags, optionalTags, '');
}

/** Exactly the allowed tags: every required one present, nothing else (63 only at the end). */
function requireTags(
  fields: readonly TlvField[],
  allowed: readonly string[],
  optional: ReadonlySet<string>,
  where: string,
): ReadonlyMap<string, string> {
  const unexpected = fields.find((field) => !allowed.includes(field.tag));
  if (unexpected?.tag === '63' && where === '')
    throw qrInvalid('duplicate_tag', 'tag 63 appears before the end');
  if (unexpected) throw qrInvalid('unexpected_tag', `unexpected tag ${where}${unexpected.tag}`);
  const map = fieldMap(fields);
  const missing = allowed.find((tag) => !optional.has(tag) && !map.has(tag));
  if (missing !== undefined) throw qrInvalid('missing_tag', `tag ${where}${missing} is missing`);
  return map;
}

function kindOf(fields: ReadonlyMap<string, string>): CodeKind {
  if (fields.get('00') !== '01') throw qrInvalid('version', 'payload format is not 01');
  if (fields.get('52') !== merchantCategory) throw qrInvalid('category', 'not a money transfer');
  const poi = fields.get('01');
  if (poi === poiByKind.account) return 'account';
  if (poi === poiByKind.request) return 'request';
  throw qrInvalid('poi', `point of initiation "${poi}" is not 11 or 12`);
}

function schemeFields(template: string, schemeId: string) {
  const fields = requireTags(parseTlv(template), ['00', '01', '02'], new Set(), '26/');
  if (fields.get('00') !== schemeId) throw qrInvalid('scheme', 'it belongs to another scheme');
  const reference = fields.get('01') ?? '';
  if (!referencePattern.test(reference)) throw qrInvalid('reference', 'malformed reference');
  return { reference, mac: fields.get('02') ?? '' };
}

function currencyOf(numeric: string) {
  try {
    if (!/^\d{3}$/.test(numeric)) throw qrInvalid('currency', 'currency is not 3 digits');
    return currencyByNumeric(numeric);
  } catch (error) {
    if (isDomainError(error, 'CURRENCY_NOT_OFFERED'))
      throw qrInvalid('currency', `unknown currency ${numeric}`);
    throw error;
  }
}

/** Canonical text only ("12.50" for EUR, not "12.5"), so one amount has exactly one payload. */
function amountOf(kind: CodeKind, currency: string, text: string | undefined): bigint | null {
  if (kind === 'account') {
    if (text !== undefined) throw qrInvalid('amount', 'an account code carries no amount');
    return null;
  }
  if (text === undefined) throw qrInvalid('amount', 'a payment request needs an amount');
  let minor: bigint;
  try {
    minor = parseAmount(text, currency, { maxMinor: qrAmountMinorMax(currency) });
  } catch (error) {
    if (isDomainError(error, 'VALIDATION_FAILED')) throw qrInvalid('amount', 'malformed amount');
    throw error;
  }
  if (formatAmount(minor, currency) !== text) throw qrInvalid('amount', 'amount is not canonical');
  return minor;
}

function additionalFields(template: string, reference: string) {
  const fields = requireTags(parseTlv(template), ['05', '08'], new Set(['08']), '62/');
  if (fields.get('05') !== referenceLabel(reference))
    throw qrInvalid('reference', 'reference label does not match the reference');
  const note = fields.get('08');
  if (note !== undefined && (!isPrintableAscii(note) || note.length > payloadNoteLengthMax))
    throw qrInvalid(
      'format',
      `note must be plain ASCII of at most ${payloadNoteLengthMax} characters`,
    );
  return { note: note ?? null };
}

function languageFields(template: string) {
  const fields = requireTags(parseTlv(template), ['00', '01'], new Set(), '64/');
  const language = fields.get('00') ?? '';
  if (!/^[a-z]{2}$/.test(language)) throw qrInvalid('format', 'language is not 2 letters');
  const name = fields.get('01') ?? '';
  if (charLength(name) > nameLengthMax) throw qrInvalid('format', 'payee name is too long');
  return { language, name };
}

function ansField(fields: ReadonlyMap<string, string>, tag: string, max: number): string {
  const value = fields.get(tag) ?? '';
  if (!isPrintableAscii(value) || value.length > max)
    throw qrInvalid('format', `tag ${tag} must be plain ASCII of at most ${max} characters`);
  return value;
}

function countryOf(country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) throw qrInvalid('format', 'country is not 2 letters');
  return country;
}
