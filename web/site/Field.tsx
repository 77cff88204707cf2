import type { Ref } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** A sentence saying what is wrong, tied to the input with aria-describedby / aria-invalid. */
  error?: string | null;
  inputRef?: Ref<HTMLInputElement>;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric';
  maxLength?: number;
  /** Extra description (a hint) shown under the label. */
  hint?: string;
}

/** A labelled text input with its hint and error message. */
export function Field({ id, label, value, onValue, error, inputRef, autoComplete, inputMode, maxLength, hint }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p id={hintId} class="field-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        ref={inputRef}
        type="text"
        value={value}
        autoComplete={autoComplete}
        inputMode={inputMode}
        maxLength={maxLength}
        spellcheck={false}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error && (
        <p id={errorId} class="field-error">
          <span class="field-error-icon" aria-hidden="true">
            !
          </span>
          {error}
        </p>
      )}
    </div>
  );
}
