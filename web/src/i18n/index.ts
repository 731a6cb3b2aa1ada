/**
 * i18next with the app's two languages: Albanian (the bank's, default) and English. Every string
 * the app shows is in sq.json and en.json; the choice is remembered on this device.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { remembered } from '../device/remembered.ts';
import en from './en.json' with { type: 'json' };
import sq from './sq.json' with { type: 'json' };

export const languages = ['sq', 'en'] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export const resources = { sq: { translation: sq }, en: { translation: en } } as const;

export async function startI18n(): Promise<typeof i18next> {
  const saved = remembered.language();
  const language: Language = isLanguage(saved) ? saved : 'sq';
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'sq',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  document.documentElement.lang = language;
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
    remembered.setLanguage(next);
  });
  return i18next;
}
