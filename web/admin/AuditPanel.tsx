import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatSessionNumber } from '../../src/shared/session-number.ts';
import { AuditEventType } from '../../src/shared/protocol/admin.ts';
import { useI18n } from '../i18n.ts';
import { appendPage, AUDIT_PAGE_SIZE, AUDIT_TYPES, auditTypeKey, csvFileName, formatDetail, nextBefore, type AuditList } from './audit.ts';
import { useAdmin } from './context.ts';
import { Alert, Status } from './ui.tsx';
import { useAction } from './use-action.ts';

/** Save a file the page fetched itself (with the Authorization header a plain link cannot send). */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns, but some browsers read the URL a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Audit log tab: newest first, filtered by type, "Load more" for older events, CSV export of everything. */
export function AuditPanel() {
  const { t, locale } = useI18n();
  const { api } = useAdmin();
  const [type, setType] = useState<AuditEventType | ''>('');
  const [list, setList] = useState<AuditList | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction();
  const exporting = useAction();
  const table = useRef<HTMLTableSectionElement>(null);
  const time = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }), [locale]);

  const loadFirst = (filter: AuditEventType | '') =>
    load.run(async () => {
      const page = await api.listAudit({ limit: AUDIT_PAGE_SIZE, ...(filter && { type: filter }) });
      setList(appendPage({ events: [], more: false }, page));
    });
  useEffect(() => void loadFirst(type), [type]);

  const loadMore = async () => {
    if (!list) return;
    const shown = list.events.length;
    const before = nextBefore(list);
    const outcome = await load.run(async () => {
      const page = await api.listAudit({ limit: AUDIT_PAGE_SIZE, ...(before !== undefined && { before }), ...(type && { type }) });
      setList((current) => appendPage(current ?? { events: [], more: false }, page));
    });
    // Keep the keyboard where reading goes on: the first newly loaded row.
    if (outcome.ok) requestAnimationFrame(() => table.current?.rows[shown]?.querySelector<HTMLElement>('th')?.focus());
  };

  const exportCsv = async () => {
    setStatus(null);
    const name = csvFileName(new Date());
    const outcome = await exporting.run(() => api.exportAuditCsv());
    if (outcome.ok) {
      saveFile(outcome.value, name);
      setStatus(t('admin_audit_exported', { file: name }));
    }
  };

  const problem = load.problem ?? exporting.problem;
  return (
    <>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="audit-type">{t('admin_audit_type')}</label>
          <select
            id="audit-type"
            class="select"
            value={type}
            onChange={(event) => {
              const picked = AuditEventType.safeParse(event.currentTarget.value);
              setType(picked.success ? picked.data : '');
            }}
          >
            <option value="">{t('admin_audit_all_types')}</option>
            {AUDIT_TYPES.map((value) => (
              <option key={value} value={value}>
                {t(auditTypeKey(value))}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="button button-secondary" disabled={load.busy} onClick={() => void loadFirst(type)}>
          {t('admin_btn_refresh')}
        </button>
        <button type="button" class="button button-secondary" disabled={exporting.busy} onClick={() => void exportCsv()}>
          {t('admin_btn_export_csv')}
        </button>
      </div>
      <Alert message={problem ? t(problem) : null} />
      <Status message={status} />
      {list === null ? (
        !load.problem && <p class="muted">{t('loading')}</p>
      ) : (
        <>
          <div class="table-scroll" role="region" aria-labelledby="audit-caption" tabIndex={0}>
            <table class="admin-table audit-table">
              <caption id="audit-caption">{t('admin_audit_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin_col_time')}</th>
                  <th scope="col">{t('admin_col_event')}</th>
                  <th scope="col">{t('admin_col_actor')}</th>
                  <th scope="col">{t('admin_col_session')}</th>
                  <th scope="col">{t('admin_col_address')}</th>
                  <th scope="col">{t('admin_col_details')}</th>
                </tr>
              </thead>
              <tbody ref={table}>
                {list.events.length === 0 ? (
                  <tr>
                    <td colSpan={6}>{t('admin_audit_empty')}</td>
                  </tr>
                ) : (
                  list.events.map((event) => (
                    <tr key={event.id}>
                      <th scope="row" tabIndex={-1} class="cell-time">
                        <time dateTime={new Date(event.at).toISOString()}>{time.format(event.at)}</time>
                      </th>
                      <td>
                        <span class={`event-tag event-${event.type.split('.')[0]}`}>{t(auditTypeKey(event.type))}</span>
                      </td>
                      <td>{event.actor}</td>
                      <td class="cell-number">{event.sessionNumber ? formatSessionNumber(event.sessionNumber) : '–'}</td>
                      <td class="cell-mono">{event.ip ?? '–'}</td>
                      <td class="cell-detail">{formatDetail(event.detail)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <div class="table-foot">
            <p class="muted">{t('admin_audit_count', { count: list.events.length })}</p>
            {list.more && (
              <button type="button" class="button button-secondary" disabled={load.busy} onClick={() => void loadMore()}>
                {t('admin_btn_load_more')}
              </button>
            )}
          </div>
        </>
      )}
    </>
  );
}
