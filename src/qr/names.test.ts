import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asciiFold,
  asciiNameFallback,
  asciiPayeeName,
  maskName,
  nameLengthMax,
  payloadNote,
} from './names.ts';

describe('maskName', () => {
  it.each([
    ['Arta Krasniqi', 'Arta K.'],
    ['  Arta   Maria  Krasniqi ', 'Arta K.'],
    ['Ëlira Çela', 'Ëlira Ç.'],
    ['arta krasniqi', 'arta K.'],
    ['Anne-Marie O’Neil', 'Anne-Marie O.'],
    ["Anne-Marie O'Neil", 'Anne-Marie O.'],
    ['Arta', 'Arta'],
    ['Arta K.', 'Arta K.'],
    ['Arta\u0000 Krasniqi', 'Arta K.'],
    ['Ëlira Çela'.normalize('NFD'), 'Ëlira Ç.'],
  ])('masks %j as %j', (full, masked) => {
    expect(maskName(full)).toBe(masked);
  });

  it('keeps the initial and cuts the first name to fit 25 characters', () => {
    const masked = maskName('Bardhylimiraqeshtimiresiaxyz Krasniqi');
    expect(masked).toBe('Bardhylimiraqeshtimire K.');
    expect(Array.from(masked)).toHaveLength(nameLengthMax);
  });

  it('refuses a name without a letter', () => {
    expect(() => maskName(' 123 ')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('is idempotent, short enough and free of control characters for any input with a letter', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        fc.pre(/\p{L}/u.test(text));
        let masked: string;
        try {
          masked = maskName(text);
        } catch {
          return; // only letters outside the BMP, e.g. mathematical alphanumerics
        }
        expect(maskName(masked)).toBe(masked);
        expect(Array.from(masked).length).toBeLessThanOrEqual(nameLengthMax);
        expect(masked).not.toMatch(/\p{C}/u);
      }),
    );
  });
});

describe('asciiFold', () => {
  it.each([
    ['Ëlira Çela', 'Elira Cela'],
    ['Prishtinë', 'Prishtine'],
    ['Straße Øresund Łódź', 'Strasse Oresund Lodz'],
    ['Đorđe Ćosić', 'Dorde Cosic'],
    ['pizza 🍕 me  shokët', 'pizza me shoket'],
    ['Иван', ''],
  ])('folds %j to %j', (text, folded) => {
    expect(asciiFold(text)).toBe(folded);
  });

  it('always gives printable ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(asciiFold(text)).toMatch(/^[\x20-\x7E]*$/);
      }),
    );
  });
});

describe('payload copies', () => {
  it('upper-cases the name for tag 59 and falls back when nothing folds', () => {
    expect(asciiPayeeName('Ëlira Ç.')).toBe('ELIRA C.');
    expect(asciiPayeeName('Иван П.')).toBe(asciiNameFallback);
    expect(asciiPayeeName('Ivan П.')).toBe('IVAN .');
  });

  it('cuts the note to 25 ASCII characters, or leaves it out', () => {
    expect(payloadNote('Për drekën e së hënës me shokët')).toBe('Per dreken e se henes me');
    expect(payloadNote('🍕')).toBeUndefined();
    expect(payloadNote(null)).toBeUndefined();
  });
});
