import { extensionTranslator } from '../shared/i18n/index.ts';

/** Extension pages follow the browser's UI language through chrome.i18n. */
export const t = extensionTranslator(
  typeof chrome !== 'undefined' && chrome.i18n ? (key) => chrome.i18n.getMessage(key) : undefined,
);
