// Entry point of the web pages the server serves (DESIGN.md "Parts": web/):
// the support site and the customer's Remote Support page. No inline script
// anywhere: the CSP is `default-src 'self'`.
import '../src/shared/zod-jitless.ts';
import { render } from 'preact';
import { App } from './App.tsx';
import { browserI18n, I18nContext } from './i18n.ts';
import './styles.css';

const i18n = browserI18n(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
document.documentElement.lang = i18n.locale;

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app');
render(
  <I18nContext.Provider value={i18n}>
    <App />
  </I18nContext.Provider>,
  root,
);
