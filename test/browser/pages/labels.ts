/** The app's own texts (web/src/i18n), so page objects find buttons by what a user reads. */
import { readFileSync } from 'node:fs';

type Texts = { readonly [key: string]: string | Texts };

function load(language: 'sq' | 'en'): Texts {
  return JSON.parse(
    readFileSync(new URL(`../../../web/src/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Texts;
}

const texts = { sq: load('sq'), en: load('en') };

export type Language = keyof typeof texts;

/** The text at a dotted key, e.g. label('sq', 'terms.accept') → "Pranoj". */
export function label(language: Language, key: string): string {
  let node: string | Texts | undefined = texts[language];
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (typeof node !== 'string') throw new Error(`no text ${language}:${key}`);
  return node;
}

/** A text with its {{placeholders}} as a pattern matching any value. */
export function labelPattern(language: Language, key: string): RegExp {
  const escaped = label(language, key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\\\{\\\{\w+\\\}\\\}/g, '.+'));
}
