import type { SessionNoticeItem } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';

/** Things the rep should know but need not answer, e.g. a customer turned away by the site's limit. */
export function Notices({ notices }: { notices: SessionNoticeItem[] }) {
  const connector = useConnector();
  if (notices.length === 0) return null;
  return (
    <ul class="notices" aria-label={t('notices_label')}>
      {notices.map((notice) => (
        <li key={notice.id} class="notice" role="status">
          <span>{t('notice_customer_refused', { name: notice.name })}</span>
          <button type="button" class="link-button" onClick={() => void connector.send({ type: 'notice.dismiss', noticeId: notice.id })}>
            {t('btn_dismiss')}
          </button>
        </li>
      ))}
    </ul>
  );
}
