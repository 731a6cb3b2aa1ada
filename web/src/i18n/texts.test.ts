/**
 * Every text the app asks for exists in both languages. The keys come from the source of the
 * screens (each `t('…')` call) and from the API's error codes (src/core/errors.ts), never from
 * the translation files themselves, so a key missing in one language fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../src/core/errors.ts';
import en from './en.json' with { type: 'json' };
import { clientErrorKeys } from './error-message.ts';
import sq from './sq.json' with { type: 'json' };

type Texts = { readonly [key: string]: string | Texts };
const languages = { sq: sq as Texts, en: en as Texts };
const webSource = new URL('..', import.meta.url).pathname;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [path] : [];
  });
}

/** The literal keys of every t('…') call in the web app's source. */
function keysUsedInSource(): string[] {
  const keys = new Set<string>();
  for (const file of sourceFiles(webSource))
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g))
      if (match[1]) keys.add(match[1]);
  return [...keys].sort();
}

/** Every key of a translation file, plurals included ("a.b_one"). */
function keysOf(texts: Texts, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : keysOf(value, `${prefix}${key}.`),
  );
}

function textAt(texts: Texts, key: string): string | undefined {
  let node: Texts | string | undefined = texts;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node === 'string') return node;
  // i18next plurals: "paymentsLeft" is "paymentsLeft_one" / "paymentsLeft_other".
  return typeof node === 'undefined' ? textAt(texts, `${key}_other`) : undefined;
}

describe('both languages are complete', () => {
  const used = keysUsedInSource();

  it('the scan of the source finds the screens’ texts', () => {
    expect(used).toEqual(expect.arrayContaining(['confirm.complete', 'profile.forgetMe']));
    expect(used.length).toBeGreaterThan(150);
  });

  it.each(Object.keys(languages))('%s has every text a screen asks for', (language) => {
    const texts = languages[language as keyof typeof languages];
    const missing = used.filter((key) => !textAt(texts, key)?.trim());
    expect(missing, `${language} lacks`).toEqual([]);
  });

  // Keys built at run time (a menu's labels, `t(item.label)`) escape the scan above; a text
  // written in one language only is caught here.
  it('Albanian and English hold the same texts', () => {
    const english = new Set(keysOf(languages.en));
    const albanian = new Set(keysOf(languages.sq));
    expect(
      keysOf(languages.sq).filter((key) => !english.has(key)),
      'only in sq',
    ).toEqual([]);
    expect(
      keysOf(languages.en).filter((key) => !albanian.has(key)),
      'only in en',
    ).toEqual([]);
  });

  it.each(Object.keys(languages))(
    '%s explains every API error code and every browser failure',
    (language) => {
      const texts = languages[language as keyof typeof languages];
      const missing = [...errorCodes, ...clientErrorKeys].filter(
        (code) => !textAt(texts, `errors.${code}`)?.trim(),
      );
      expect(missing, `${language} lacks`).toEqual([]);
    },
  );
});
