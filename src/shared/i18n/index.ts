// Translation for every context. Extension pages ask chrome.i18n (which follows
// the browser's UI language and reads the generated _locales); web pages pick
// from the browser's preferred languages. Both share one dictionary source.
import type { ErrorReason } from '../protocol/errors.ts';
import { en, type MessageKey } from './en.ts';
import { ko } from './ko.ts';

export type { MessageKey };
export const dictionaries = { en, ko } as const;
export type Locale = keyof typeof dictionaries;

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Replace `{name}` marks with values; values are plain text and stay so. */
export function format(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (mark, name: string) => (name in values ? String(values[name]) : mark));
}

/** The first supported locale among the user's preferences, else English. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'ko') return 'ko';
    if (base === 'en') return 'en';
  }
  return 'en';
}

export function translator(locale: Locale): Translate {
  const dictionary = dictionaries[locale];
  return (key, values) => format(dictionary[key] ?? en[key], values);
}

/** For extension pages: chrome.i18n first (browser UI language), dictionary as fallback. */
export function extensionTranslator(getMessage?: (key: string) => string): Translate {
  const fallback = translator('en');
  return (key, values) => {
    const message = getMessage?.(key);
    return message ? format(message, values) : fallback(key, values);
  };
}

export const errorKey = (reason: ErrorReason): MessageKey => `error_${reason}`;

/** chrome.i18n's messages.json shape for one locale. */
export function toChromeMessages(locale: Locale): Record<string, { message: string }> {
  return Object.fromEntries(Object.entries(dictionaries[locale]).map(([key, message]) => [key, { message }]));
}
