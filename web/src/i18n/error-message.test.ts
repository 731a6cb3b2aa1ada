import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import en from './en.json' with { type: 'json' };
import { ClientError, errorMessage, limitText, messageKeyOf } from './error-message.ts';
import sq from './sq.json' with { type: 'json' };

type Texts = { readonly [key: string]: string | Texts };

function keysOf(texts: Texts, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

const translations = { sq: sq as Texts, en: en as Texts };

describe('the two languages', () => {
  it('Albanian and English have exactly the same texts', () => {
    expect(keysOf(translations.en).sort()).toEqual(keysOf(translations.sq).sort());
  });

  it("the guide's buttons carry the guide's Albanian labels", () => {
    const labels = keysOf(translations.sq).map((key) =>
      key
        .split('.')
        .reduce<Texts | string | undefined>(
          (node, part) => (typeof node === 'object' ? node[part] : undefined),
          translations.sq,
        ),
    );
    for (const guideLabel of [
      'Pranoj',
      'Aprovo',
      'Krijoni Llogari QR',
      'Llogaritë e mia',
      'Specifikoni Shumën',
      'Skano nga Galeria',
      'Përfundoni Pagesën',
      'Kërkesat',
      'Hyrjet',
      'Anulo QR',
      'Fshij Llogarinë',
      'Dalja',
      'Më harro',
    ])
      expect(labels).toContain(guideLabel);
  });
});

describe('errors map to their message keys', () => {
  const echo = ((key: string) => key) as unknown as TFunction;

  it('an API refusal by its stable code', () => {
    expect(messageKeyOf(new ApiError('QR_EXPIRED', 410, 'expired'))).toBe('QR_EXPIRED');
    expect(
      errorMessage(echo, new ApiError('LIMIT_PER_DAY', 422, 'limit', { limit: '100.00' })),
    ).toBe('errors.LIMIT_PER_DAY');
  });

  it('a limit reads the Albanian way, as a decimal string or as money with its currency', () => {
    expect(limitText('8000.00', 'sq')).toBe('8.000,00 EUR');
    expect(limitText({ amount: '100.00', currency: 'EUR' }, 'en')).toBe('100.00 EUR');
    expect(limitText(3, 'sq')).toBe('3');
    expect(limitText(undefined, 'sq')).toBe('');
  });

  it('network failures, browser failures and the unexpected', () => {
    expect(messageKeyOf(new ApiError('NETWORK', 0, 'offline'))).toBe('NETWORK');
    expect(messageKeyOf(new ClientError('CAMERA_DENIED'))).toBe('CAMERA_DENIED');
    expect(messageKeyOf(new Error('boom'))).toBe('UNKNOWN');
  });
});
