import '../shared/zod-jitless.ts';
import { render } from 'preact';
import { App } from './App.tsx';
import { RuntimeConnector } from './connector.ts';
import { ConnectorContext, SurfaceContext } from './context.ts';
import { t } from './i18n.ts';
import './popup.css';

// One page, two surfaces: popup.html (toolbar popup) and sidepanel.html
// (Chrome side panel, Firefox sidebar), told apart by the body's data-surface.
const surface = document.body.dataset.surface === 'sidepanel' ? 'sidepanel' : 'popup';
document.documentElement.lang = chrome.i18n.getUILanguage().startsWith('ko') ? 'ko' : 'en';
document.title = t('dashboard_title');
const root = document.getElementById('app');
if (root) {
  render(
    <ConnectorContext.Provider value={new RuntimeConnector()}>
      <SurfaceContext.Provider value={surface}>
        <App />
      </SurfaceContext.Provider>
    </ConnectorContext.Provider>,
    root,
  );
}
