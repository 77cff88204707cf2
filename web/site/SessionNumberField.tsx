import type { Ref } from 'preact';
import { useT } from '../i18n.ts';
import { Field } from './Field.tsx';

interface Props {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error: string | null;
  inputRef: Ref<HTMLInputElement>;
}

/** The session-number input of Join and Support session: typed by a person, spaces allowed. */
export function SessionNumberField(props: Props) {
  const t = useT();
  return <Field {...props} label={t('field_session_number')} inputMode="numeric" autoComplete="off" maxLength={20} />;
}
