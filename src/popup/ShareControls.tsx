import { useEffect, useState } from 'preact/hooks';
import type { ShareStatus } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import type { ShareableTab } from './connector.ts';
import { t } from './i18n.ts';
import { useAction } from './use-action.ts';

export function ShareControls({ share, canCaptureTab }: { share: ShareStatus; canCaptureTab: boolean }) {
  const connector = useConnector();
  const [tab, setTab] = useState<ShareableTab>();
  const { busy, error, run } = useAction();
  useEffect(() => {
    void connector.shareableTab().then(setTab);
  }, [connector]);

  if (!canCaptureTab) return <p class="muted">{t('share_unsupported')}</p>;

  return (
    <section class="share" aria-label={t('btn_share_tab')}>
      {share.status === 'sharing' && (
        <p class="live" role="status">
          <span class="dot" aria-hidden="true" />
          {t('share_active', { title: share.tabTitle })}
        </p>
      )}
      {share.status === 'starting' && <p role="status">{t('share_starting')}</p>}
      <div class="row">
        {share.status !== 'sharing' || (tab && tab.id !== share.tabId) ? (
          <button
            type="button"
            class="primary"
            disabled={busy || !tab || share.status === 'starting'}
            onClick={() => tab && void run(() => connector.send({ type: 'share.tab', tabId: tab.id }))}
          >
            {t('btn_share_tab')}
          </button>
        ) : null}
        {share.status === 'sharing' && (
          <button type="button" disabled={busy} onClick={() => void run(() => connector.send({ type: 'share.stop' }))}>
            {t('btn_stop_sharing')}
          </button>
        )}
      </div>
      {!tab && share.status === 'idle' && <p class="muted">{t('share_no_tab')}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
