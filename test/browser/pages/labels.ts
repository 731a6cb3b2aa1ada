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

function flatten(node: Texts, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value]] : flatten(value, `${prefix}${key}.`),
  );
}

const otherTexts = new Map<Language, readonly string[]>();

/**
 * The texts of the other language that a screen in `language` must never show (a missing text
 * falls back to Albanian): the fixed parts, 12 characters or longer, of every text the two
 * languages write differently, unless the part is in one of this language's texts too.
 */
export function otherLanguageTexts(language: Language): readonly string[] {
  const cached = otherTexts.get(language);
  if (cached) return cached;
  const other: Language = language === 'sq' ? 'en' : 'sq';
  const own = new Map(flatten(texts[language]));
  const ownTexts = [...own.values()];
  const parts = new Set<string>();
  for (const [key, text] of flatten(texts[other])) {
    if (own.get(key) === text) continue;
    for (const part of text.split(/\{\{\w+\}\}/).map((piece) => piece.trim()))
      if (part.length >= 12 && !ownTexts.some((ownText) => ownText.includes(part))) parts.add(part);
  }
  const found = [...parts];
  otherTexts.set(language, found);
  return found;
}
