/**
 * Names and free text as the QR payload carries them (DESIGN.md §3): the payee's name is masked
 * ("Arta K."), tag 59 and tag 62 hold plain printable ASCII as EMVCo's "ans" format requires, and
 * tag 64 keeps the name with its own letters.
 */
import { DomainError } from '../core/errors.ts';

/** EMVCo's maximum for the merchant name (tag 59) and its alternate-language copy (64/01). */
export const nameLengthMax = 25;
/** EMVCo's maximum for the purpose of transaction (62/08), where the note goes. */
export const payloadNoteLengthMax = 25;
/** Tag 59 when no letter of the name folds to ASCII (a Cyrillic name, say). */
export const asciiNameFallback = 'SMARTPAY CUSTOMER';

/** Letters that Unicode decomposition does not reduce to an ASCII base letter. */
const foldings: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['ẞ', 'SS'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['ø', 'o'],
  ['Ø', 'O'],
  ['đ', 'd'],
  ['Đ', 'D'],
  ['ð', 'd'],
  ['Ð', 'D'],
  ['ł', 'l'],
  ['Ł', 'L'],
  ['þ', 'th'],
  ['Þ', 'TH'],
  ['ı', 'i'],
  ['ħ', 'h'],
  ['Ħ', 'H'],
  ['ŧ', 't'],
  ['Ŧ', 'T'],
  ['ŋ', 'n'],
  ['Ŋ', 'N'],
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201C', '"'],
  ['\u201D', '"'],
  ['\u2013', '-'],
  ['\u2014', '-'],
]);

const printableAscii = /^[\x20-\x7E]*$/;

export function isPrintableAscii(text: string): boolean {
  return printableAscii.test(text);
}

/**
 * Plain printable ASCII for EMVCo "ans" fields: accents dropped ("ë" → "e", "ç" → "c"), a few
 * letters spelt out ("ß" → "ss"), anything else left out, spaces collapsed.
 */
export function asciiFold(text: string): string {
  const decomposed = text.normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const char of decomposed) {
    const folded = foldings.get(char) ?? char;
    if (isPrintableAscii(folded)) out += folded;
    else if (/\s/u.test(char)) out += ' ';
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/** Cuts text to at most `max` code points, never inside a surrogate pair. */
export function truncateChars(text: string, max: number): string {
  return Array.from(text).slice(0, max).join('');
}

/**
 * Letters (with their marks), spaces and the punctuation names use. Only the Basic Multilingual
 * Plane, so that every TLV parser counts the same length whether it counts code points or UTF-16
 * units.
 */
function nameCharacters(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const bmp = (char.codePointAt(0) ?? 0) <= 0xffff;
    if (bmp && /[\p{L}\p{M}'.-]/u.test(char)) out += char;
    else if (/\s/u.test(char)) out += ' ';
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * The display name a payer sees: first name and the initial of the last name ("Arta Krasniqi" →
 * "Arta K."), at most 25 characters. Applying it to its own output changes nothing, so callers
 * may pass a full or an already masked name.
 */
export function maskName(fullName: string): string {
  const words = nameCharacters(fullName)
    .split(' ')
    .filter((word) => /\p{L}/u.test(word));
  const first = words[0];
  if (first === undefined)
    throw new DomainError('VALIDATION_FAILED', 'A name needs at least one letter', {
      field: 'payeeName',
      reason: 'format',
    });
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const initial = last === undefined ? undefined : initialOf(last);
  if (initial === undefined) return truncateChars(first, nameLengthMax);
  const suffix = ` ${initial}.`;
  return truncateChars(first, nameLengthMax - charLength(suffix)) + suffix;
}

function initialOf(word: string): string | undefined {
  const letter = /\p{L}\p{M}*/u.exec(word)?.[0];
  if (letter === undefined) return undefined;
  const upper = letter.toLocaleUpperCase('sq');
  // "ß" upper-cases to "SS"; keeping the letter keeps maskName idempotent.
  return upper.normalize('NFC').length === letter.normalize('NFC').length ? upper : letter;
}

function charLength(text: string): number {
  return Array.from(text).length;
}

/** Tag 59: the masked name in upper-case ASCII ("Ëlira Ç." → "ELIRA C."). */
export function asciiPayeeName(maskedName: string): string {
  const folded = truncateChars(asciiFold(maskedName).toUpperCase(), nameLengthMax).trim();
  return /[A-Z]/.test(folded) ? folded : asciiNameFallback;
}

/** Tag 62/08: the note as far as EMVCo's purpose field holds it, or undefined when nothing is left. */
export function payloadNote(note: string | null | undefined): string | undefined {
  if (note === null || note === undefined) return undefined;
  const folded = truncateChars(asciiFold(note), payloadNoteLengthMax).trim();
  return folded === '' ? undefined : folded;
}
