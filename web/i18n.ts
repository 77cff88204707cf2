// The web pages follow the browser's preferred languages (DESIGN.md,
// "languages"): Korean if the browser prefers it, else English. Components read
// the translator from context so a test or a preview can render either.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { pickLocale, translator, type Locale, type Translate } from '../src/shared/i18n/index.ts';

export interface I18n {
  locale: Locale;
  t: Translate;
}

export function browserI18n(languages: readonly string[]): I18n {
  const locale = pickLocale(languages);
  return { locale, t: translator(locale) };
}

export const I18nContext = createContext<I18n>(browserI18n(['en']));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function useT(): Translate {
  return useContext(I18nContext).t;
}
