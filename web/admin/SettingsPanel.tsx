import { useEffect, useRef, useState } from 'preact/hooks';
import { EmailMode, SessionMode } from '../../src/shared/protocol/settings.ts';
import { useT } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { parseSettings, settingsDraft, settingsFieldError, type FieldErrors, type SettingsDraft } from './forms.ts';
import { IceServersEditor } from './IceServersEditor.tsx';
import { EMAIL_MODE_KEYS, SESSION_MODE_KEYS } from './labels.ts';
import { blamedField } from './problems.ts';
import { Alert, Choice, focusFirstInvalid, Status, TextField } from './ui.tsx';
import { useAction } from './use-action.ts';

/**
 * Site settings tab (FEATURES.md S1, S10, S11): session mode, the customer
 * limit, how invitations are mailed, admission of number-only joins, ICE
 * servers. Saved together; "Saved" or each field's problem is shown.
 */
export function SettingsPanel() {
  const t = useT();
  const { api } = useAdmin();
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const load = useAction();
  const save = useAction();
  const form = useRef<HTMLFormElement>(null);
  const reload = () => load.run(async () => setDraft(settingsDraft(await api.getSettings())));
  useEffect(() => void reload(), []);

  if (!draft) {
    return (
      <>
        <Alert message={load.problem ? t(load.problem) : null}>
          {load.problem && (
            <button type="button" class="button button-secondary button-small" onClick={() => void reload()}>
              {t('admin_btn_reload')}
            </button>
          )}
        </Alert>
        {!load.problem && <p class="muted">{t('loading')}</p>}
      </>
    );
  }

  const change = (patch: Partial<SettingsDraft>) => {
    setDraft({ ...draft, ...patch });
    setSaved(false);
  };
  const error = (field: string) => (errors[field] ? t(errors[field]) : null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const parsed = parseSettings(draft);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      save.setProblem('admin_fix_fields');
      focusFirstInvalid(form.current);
      return;
    }
    setErrors({});
    const outcome = await save.run(() => api.updateSettings(parsed.value));
    if (!outcome.ok) {
      const path = blamedField(outcome.error);
      const blamed = path ? settingsFieldError(path, draft) : null;
      if (blamed) {
        setErrors({ [blamed[0]]: blamed[1] });
        save.setProblem('admin_fix_fields');
        focusFirstInvalid(form.current);
      }
      return;
    }
    setDraft(settingsDraft(outcome.value));
    setSaved(true);
  };

  return (
    <form ref={form} class="admin-form settings-form" onSubmit={submit} noValidate>
      <fieldset class="card admin-card choice-card">
        <legend class="card-legend">{t('admin_settings_session_mode')}</legend>
        {SessionMode.options.map((mode) => (
          <Choice
            key={mode}
            id={`settings-session-mode-${mode}`}
            type="radio"
            name="sessionMode"
            value={mode}
            label={t(SESSION_MODE_KEYS[mode].label)}
            hint={t(SESSION_MODE_KEYS[mode].hint)}
            checked={draft.sessionMode === mode}
            onChange={(on) => on && change({ sessionMode: mode })}
          />
        ))}
      </fieldset>

      <div class="card admin-card">
        <TextField
          id="settings-max-customers"
          class="field-narrow"
          label={t('admin_settings_max_customers')}
          hint={t('admin_settings_max_customers_hint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          value={draft.maxCustomers}
          onValue={(maxCustomers) => change({ maxCustomers })}
          error={error('maxCustomers')}
        />
      </div>

      <fieldset class="card admin-card choice-card">
        <legend class="card-legend">{t('admin_settings_email_mode')}</legend>
        {EmailMode.options.map((mode) => (
          <Choice
            key={mode}
            id={`settings-email-mode-${mode}`}
            type="radio"
            name="emailMode"
            value={mode}
            label={t(EMAIL_MODE_KEYS[mode].label)}
            hint={t(EMAIL_MODE_KEYS[mode].hint)}
            checked={draft.emailMode === mode}
            onChange={(on) => on && change({ emailMode: mode })}
          />
        ))}
      </fieldset>

      <fieldset class="card admin-card choice-card">
        <legend class="card-legend">{t('admin_settings_admission')}</legend>
        <Choice
          id="settings-admit-number-only"
          label={t('admin_settings_admit_number_only')}
          hint={t('admin_settings_admit_number_only_hint')}
          checked={draft.admitNumberOnlyJoins}
          onChange={(admitNumberOnlyJoins) => change({ admitNumberOnlyJoins })}
        />
      </fieldset>

      <IceServersEditor rows={draft.iceServers} errors={errors} onRows={(iceServers) => change({ iceServers })} />

      <div class="save-bar">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {t('admin_btn_save_settings')}
        </button>
        <Status message={saved ? t('saved') : null} />
      </div>
      <Alert message={save.problem ? t(save.problem) : null} />
    </form>
  );
}
