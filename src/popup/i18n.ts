import { extensionTranslator, type Locale } from '../shared/i18n/index.ts';

const hasI18n = typeof chrome !== 'undefined' && Boolean(chrome.i18n);

/** Extension pages follow the browser's UI language through chrome.i18n. */
export const t = extensionTranslator(hasI18n ? (key) => chrome.i18n.getMessage(key) : undefined);

/** The language the dashboard speaks: the language of the invitations the server sends for this rep. */
export const uiLocale: Locale = hasI18n && chrome.i18n.getUILanguage().toLowerCase().startsWith('ko') ? 'ko' : 'en';
