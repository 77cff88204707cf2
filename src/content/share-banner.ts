// Injected into the tab being shared: a small banner telling the rep that this
// tab is visible to the customer. It lives in a closed shadow root (page CSS
// can't restyle it) and has pointer-events: none, so it never blocks the
// page's own input. Injecting twice is harmless: the second run does nothing.
const BANNER_ID = 'peerassist-share-banner';

if (!document.getElementById(BANNER_ID)) {
  const host = document.createElement('div');
  host.id = BANNER_ID;
  host.setAttribute('role', 'status');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = `
    :host { all: initial; }
    .banner {
      position: fixed; top: 8px; right: 8px; z-index: 2147483647; pointer-events: none;
      font: 600 12px/1.4 system-ui, sans-serif; color: #fff; background: rgba(190, 24, 93, 0.92);
      padding: 4px 10px; border-radius: 999px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
    }
    .dot { display: inline-block; width: 8px; height: 8px; margin-right: 6px; border-radius: 50%; background: #fff; }`;
  const banner = document.createElement('div');
  banner.className = 'banner';
  const dot = document.createElement('span');
  dot.className = 'dot';
  banner.append(dot, chrome.i18n.getMessage('banner_tab_shared') || 'This tab is being shared');
  shadow.append(style, banner);
  document.documentElement.append(host);
}
