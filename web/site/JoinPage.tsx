import { useRef, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';
import { useFocusOnArrival, usePageTitle } from '../page.ts';
import { joinHandoff } from '../remote/handoff.ts';
import { navigate } from '../router.ts';
import { Field } from './Field.tsx';
import { SessionNumberField } from './SessionNumberField.tsx';
import { checkName, checkSessionNumber } from './forms.ts';
import { Layout } from './Layout.tsx';

/** `/join`: a customer types the number the rep gave them (FEATURES.md S6). */
export function JoinPage() {
  const t = useT();
  usePageTitle(`${t('join_title')} – ${t('ext_name')}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);

  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const numberInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const checkedNumber = checkSessionNumber(number);
  const checkedName = checkName(name);
  // Errors appear on the first Join and then follow the typing.
  const numberError = tried && !checkedNumber.ok ? t('invalid_session_number') : null;
  const nameError = tried && !checkedName.ok ? t('invalid_name') : null;

  const submit = (event: Event) => {
    event.preventDefault();
    setTried(true);
    if (!checkedNumber.ok) return numberInput.current?.focus();
    if (!checkedName.ok) return nameInput.current?.focus();
    navigate(`/join/${checkedNumber.value}`, joinHandoff(checkedName.value));
  };

  return (
    <Layout section="join">
      <h1 ref={heading} tabIndex={-1}>
        {t('join_title')}
      </h1>
      <p class="lead">{t('join_intro')}</p>
      <form class="form card" onSubmit={submit} noValidate>
        <SessionNumberField id="join-number" value={number} onValue={setNumber} error={numberError} inputRef={numberInput} />
        <Field id="join-name" label={t('field_your_name')} value={name} onValue={setName} error={nameError} inputRef={nameInput} autoComplete="name" maxLength={64} />
        <div class="form-actions">
          <button type="submit" class="button button-primary">
            {t('btn_join')}
          </button>
        </div>
      </form>
    </Layout>
  );
}
