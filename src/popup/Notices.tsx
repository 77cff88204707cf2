import { errorKey } from '../shared/i18n/index.ts';
import type { SessionNoticeItem } from '../shared/protocol/runtime.ts';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';

/**
 * Things the rep should know but need not answer: a customer turned away by
 * the site's limit (S11), a customer who did not share their screen (S13).
 */
export function Notices({ notices }: { notices: SessionNoticeItem[] }) {
  const connector = useConnector();
  if (notices.length === 0) return null;
  return (
    <ul class="notices" aria-label={t('notices_label')}>
      {notices.map((notice) => (
        <li key={notice.id} class="notice" role="status">
          <span>{noticeText(notice)}</span>
          <button type="button" class="link-button" onClick={() => void connector.send({ type: 'notice.dismiss', noticeId: notice.id })}>
            {t('btn_dismiss')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function noticeText({ kind, name, reason }: SessionNoticeItem): string {
  if (kind === 'customer_refused') return t('notice_customer_refused', { name });
  if (kind === 'control_received') return t(reason ? 'notice_control_taken_over' : 'notice_control_received', { name });
  // Said to the rep about the customer: the customer's own sentences speak to the customer.
  if (reason === 'share_declined') return t('notice_screen_declined', { name });
  if (reason === 'share_unsupported') return t('notice_screen_unsupported', { name });
  return t('notice_screen_refused', { name, reason: t(errorKey(reason ?? 'internal')) });
}
