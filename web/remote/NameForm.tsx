import { useRef, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { Field } from '../site/Field.tsx';
import { checkName } from '../site/forms.ts';

/** "Your name" + Join, for a customer who arrived by link. */
export function NameForm({ onJoin }: { onJoin: (name: string) => void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const checked = checkName(name);
  const error = tried && !checked.ok ? t('invalid_name') : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (checked.ok) onJoin(checked.value);
    else input.current?.focus();
  };

  return (
    <form class="form card" onSubmit={submit} noValidate>
      <p class="form-intro">{t('remote_intro')}</p>
      <Field id="remote-name" label={t('field_your_name')} value={name} onValue={setName} error={error} inputRef={input} autoComplete="name" maxLength={64} />
      <div class="form-actions">
        <button type="submit" class="button button-primary">
          {t('btn_join')}
        </button>
      </div>
    </form>
  );
}
