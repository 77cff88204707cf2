// The rep's own share (FEATURES.md S13): this tab (Chrome's tabCapture), a
// window or the whole screen (the browser's picker; on Firefox from a dashboard
// page that stays open, since the popup closes when the picker opens), Stop sharing, and the
// readable-text settings every share uses (resolution and frame rate).
// Whoever is supported, every participant of the session sees it.
import { useEffect, useState } from 'preact/hooks';
import { SharePrefs, type ShareStatus } from '../shared/protocol/runtime.ts';
import { useConnector, useSurface } from './context.ts';
import type { ShareableTab } from './connector.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

interface Props {
  share: ShareStatus;
  canCaptureTab: boolean;
  canCaptureDesktop: boolean;
  prefs: SharePrefs;
}

export function ShareControls({ share, canCaptureTab, canCaptureDesktop, prefs }: Props) {
  const connector = useConnector();
  const surface = useSurface();
  const [tab, setTab] = useState<ShareableTab>();
  const { busy, error, run } = useAction();
  const site = connector.desktopCaptureSite();
  useEffect(() => (canCaptureTab ? connector.watchShareableTab(setTab) : undefined), [connector, canCaptureTab]);

  if (!canCaptureTab && !canCaptureDesktop) return <p class="muted">{t('share_unsupported')}</p>;

  const sharing = share.status === 'sharing';
  const starting = share.status === 'starting';
  // While another tab, a window or a screen is shared, "Share this tab" switches to this one.
  const offerTab = canCaptureTab && (!sharing || (tab !== undefined && tab.id !== share.tabId));

  return (
    <section class="share" aria-label={t('share_section_label')}>
      {sharing && (
        <p class="live" role="status">
          <span class="dot" aria-hidden="true" />
          {t('share_active', { title: shareTitle(share) })}
        </p>
      )}
      {starting && <p role="status">{t('share_starting')}</p>}
      <div class="row">
        {offerTab && (
          <button
            type="button"
            class="primary"
            disabled={busy || !tab || starting}
            onClick={() => tab && void run(() => connector.send({ type: 'share.tab', tabId: tab.id }))}
          >
            {t('btn_share_tab')}
          </button>
        )}
        {canCaptureDesktop && site !== 'tab' && (
          <button
            type="button"
            class={canCaptureTab ? undefined : 'primary'}
            disabled={busy || starting}
            onClick={() => void run(() => connector.shareDesktop())}
          >
            {t('btn_share_desktop')}
          </button>
        )}
        {canCaptureDesktop && site === 'tab' && !sharing && (
          <button type="button" class="primary" disabled={busy} onClick={() => void run(() => connector.openDashboardTab())}>
            {t('btn_share_from_tab')}
          </button>
        )}
        {sharing && (
          <button type="button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'share.stop' }))}>
            {t('btn_stop_sharing')}
          </button>
        )}
      </div>
      {canCaptureTab && !tab && share.status === 'idle' && <p class="muted">{t('share_no_tab')}</p>}
      {/* The side panel stays open across tabs: say which one "Share this tab" means. */}
      {surface === 'sidepanel' && offerTab && tab && <p class="muted small">{t('share_tab_target', { title: tab.title })}</p>}
      {!canCaptureTab && site === 'media' && <p class="muted small">{t('share_desktop_only')}</p>}
      {/* Firefox: the share lives in the page that captured it. */}
      {site === 'page' && <p class="muted small">{t(sharing ? 'share_page_keep_open' : 'share_page_hint')}</p>}
      {site === 'tab' && !sharing && <p class="muted small">{t('share_from_tab_hint')}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <SharePrefsFields prefs={prefs} />
    </section>
  );
}

const RESOLUTIONS: readonly SharePrefs['resolution'][] = ['720p', '1080p', '1440p'];
const FRAME_RATES: readonly SharePrefs['frameRate'][] = [5, 15, 30];

/** Resolution and frame rate: applied to the next share and to the running one. */
function SharePrefsFields({ prefs }: { prefs: SharePrefs }) {
  const connector = useConnector();
  // What the rep picked, shown until the background's state confirms it (or the send fails).
  const [shown, setShown] = useState(prefs);
  // Never disabled while sending: that would drop the keyboard focus of a rep stepping through the options.
  const { error, run } = useAction();
  useEffect(() => setShown(prefs), [prefs.resolution, prefs.frameRate]);

  const change = (next: unknown) => {
    const parsed = SharePrefs.safeParse(next);
    if (!parsed.success) return;
    setShown(parsed.data);
    void run(() => connector.send({ type: 'share.prefs', prefs: parsed.data })).then((ok) => ok || setShown(prefs));
  };

  return (
    <fieldset class="prefs">
      <legend>{t('share_settings_label')}</legend>
      <label>
        {t('share_resolution')}
        <select value={shown.resolution} onChange={(e) => change({ ...shown, resolution: e.currentTarget.value })}>
          {RESOLUTIONS.map((resolution) => (
            <option key={resolution} value={resolution}>
              {resolution}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('share_frame_rate')}
        <select value={String(shown.frameRate)} onChange={(e) => change({ ...shown, frameRate: Number(e.currentTarget.value) })}>
          {FRAME_RATES.map((rate) => (
            <option key={rate} value={String(rate)}>
              {t('share_fps', { n: rate })}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * What is shared, in words: a tab by its title; a window or screen by the kind
 * of source (Chrome labels those tracks "screen:…" or "window:…", which mean
 * nothing to a person).
 */
export function shareTitle(share: Extract<ShareStatus, { status: 'sharing' }>): string {
  if (share.tabId !== undefined) return share.tabTitle;
  if (share.tabTitle.startsWith('screen:')) return t('share_source_screen');
  if (share.tabTitle.startsWith('window:')) return t('share_source_window');
  return share.tabTitle || t('share_source_window');
}
