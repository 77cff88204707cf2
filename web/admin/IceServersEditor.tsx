import { useRef } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { MAX_ICE_SERVERS, newIceServerDraft, type FieldErrors, type IceServerDraft } from './forms.ts';
import { TextField } from './ui.tsx';

/**
 * ICE servers as an editable list: each row's URLs, username and credential.
 * Each field's name includes its row ("ICE server 2 URLs") through the row's
 * legend, so every control on the page has its own name.
 */
export function IceServersEditor({ rows, errors, onRows }: { rows: IceServerDraft[]; errors: FieldErrors; onRows: (rows: IceServerDraft[]) => void }) {
  const t = useT();
  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const error = (field: string) => (errors[field] ? t(errors[field]) : null);
  const update = (key: string, patch: Partial<IceServerDraft>) => onRows(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const add = () => {
    onRows([...rows, newIceServerDraft()]);
    // Focus the new row's first field once it is there.
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>('li:last-child input')?.focus());
  };
  const remove = (index: number) => {
    const next = rows.filter((_, i) => i !== index);
    onRows(next);
    requestAnimationFrame(() => {
      const items = list.current?.querySelectorAll<HTMLElement>('li');
      const target = items?.[Math.min(index, next.length - 1)];
      (target?.querySelector<HTMLElement>('input') ?? addButton.current)?.focus();
    });
  };

  return (
    <fieldset class="card admin-card">
      <legend class="card-legend">{t('admin_settings_ice')}</legend>
      <p class="field-hint">{t('admin_settings_ice_hint')}</p>
      <p id="ice-urls-hint" class="field-hint">
        {t('admin_ice_urls_hint')}
      </p>
      {rows.length === 0 && <p class="muted">{t('admin_ice_none')}</p>}
      {errors.iceServers && <p class="field-error">{t(errors.iceServers)}</p>}
      <ol ref={list} class="ice-list">
        {rows.map((row, index) => {
          const n = index + 1;
          const legendId = `${row.key}-legend`;
          return (
            <li key={row.key}>
              <fieldset class="ice-row">
                <legend id={legendId}>{t('admin_ice_server_n', { n })}</legend>
                <TextField
                  id={`${row.key}-urls`}
                  class="ice-urls"
                  label={t('admin_field_ice_urls')}
                  labelledBy={legendId}
                  describedBy="ice-urls-hint"
                  value={row.urls}
                  onValue={(urls) => update(row.key, { urls })}
                  error={error(`iceServers.${index}.urls`)}
                  autoComplete="off"
                />
                <TextField
                  id={`${row.key}-username`}
                  label={t('admin_field_ice_username')}
                  labelledBy={legendId}
                  value={row.username}
                  onValue={(username) => update(row.key, { username })}
                  error={error(`iceServers.${index}.username`)}
                  autoComplete="off"
                  maxLength={256}
                />
                <TextField
                  id={`${row.key}-credential`}
                  label={t('admin_field_ice_credential')}
                  labelledBy={legendId}
                  type="password"
                  value={row.credential}
                  onValue={(credential) => update(row.key, { credential })}
                  error={error(`iceServers.${index}.credential`)}
                  autoComplete="new-password"
                  maxLength={256}
                />
                <button type="button" class="button button-secondary button-small ice-remove" aria-label={t('admin_remove_ice_n', { n })} onClick={() => remove(index)}>
                  {t('admin_btn_remove')}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      {rows.length < MAX_ICE_SERVERS && (
        <button ref={addButton} type="button" class="button button-secondary button-small" onClick={add}>
          {t('admin_btn_add_ice')}
        </button>
      )}
    </fieldset>
  );
}
