import '../shared/zod-jitless.ts';
import { render } from 'preact';
import { App } from './App.tsx';
import { RuntimeConnector } from './connector.ts';
import { ConnectorContext } from './context.ts';
import { t } from './i18n.ts';
import './popup.css';

document.documentElement.lang = chrome.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en';
document.title = t('dashboard_title');
const root = document.getElementById('app');
if (root) {
  render(
    <ConnectorContext.Provider value={new RuntimeConnector()}>
      <App />
    </ConnectorContext.Provider>,
    root,
  );
}
