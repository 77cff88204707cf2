// Small pieces every admin panel uses: labelled fields, the live regions that
// announce what happened (role=status) or went wrong (role=alert), and the
// once-only password display with its copy button.
import type { ComponentChildren, Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useT } from '../i18n.ts';

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** A sentence saying what is wrong (already translated). */
  error?: string | null | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'number';
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  inputRef?: Ref<HTMLInputElement>;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Ids of elements that name the field together with its label (a fieldset's legend, say). */
  labelledBy?: string;
  /** Ids of further descriptions, e.g. a hint shared by several fields. */
  describedBy?: string;
  class?: string;
}

/** A labelled input with its hint and error, tied together with aria-describedby / aria-invalid. */
export function TextField(props: TextFieldProps) {
  const { id, label, value, onValue, error, hint, type = 'text', labelledBy } = props;
  const labelId = `${id}-label`;
  const describedBy = [props.describedBy ?? '', hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' has-error' : ''}${props.class ? ` ${props.class}` : ''}`}>
      <label id={labelId} for={id}>
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} class="field-hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        ref={props.inputRef}
        // Preact types each input type's attributes separately and does not
        // distribute over a union; these four take the same attributes.
        type={type as 'text'}
        value={value}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        spellcheck={false}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-labelledby={labelledBy ? `${labelledBy} ${labelId}` : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error && <FieldError id={`${id}-error`} message={error} />}
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} class="field-error">
      <span class="field-error-icon" aria-hidden="true">
        !
      </span>
      {message}
    </p>
  );
}

/**
 * Always in the page, so assistive technology is already listening when a
 * problem appears in it (a live region added together with its text is often missed).
 */
export function Alert({ message, children }: { message: string | null | undefined; children?: ComponentChildren }) {
  return (
    <div role="alert" class="live-slot">
      {message && (
        <div class="notice notice-problem">
          <span class="notice-icon" aria-hidden="true">
            !
          </span>
          <div class="notice-body">
            <p>{message}</p>
            {children}
          </div>
        </div>
      )}
    </div>
  );
}

/** The polite counterpart of Alert: what just happened ("Saved"). */
export function Status({ message, children }: { message: string | null | undefined; children?: ComponentChildren }) {
  return (
    <div role="status" aria-live="polite" class="live-slot">
      {message && (
        <div class="notice notice-ok">
          <span class="notice-icon" aria-hidden="true">
            ✓
          </span>
          <div class="notice-body">
            <p>{message}</p>
            {children}
          </div>
        </div>
      )}
    </div>
  );
}

/** Copy with the async Clipboard API, else the selection (a plain-http server is not a secure context). */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** A password the server made up, shown once: selectable, with a copy button. */
export function SecretReveal({ label, secret }: { label: string; secret: string }) {
  const t = useT();
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  let input: HTMLInputElement | null = null;
  return (
    <div class="secret">
      <label for={id} class="secret-label">
        {label}
      </label>
      <div class="secret-row">
        <input
          id={id}
          ref={(el) => {
            input = el;
          }}
          class="secret-value"
          type="text"
          readOnly
          value={secret}
          spellcheck={false}
          autoComplete="off"
          aria-describedby={`${id}-note`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="button button-secondary" onClick={async () => input && setCopied(await copyText(input))}>
          {t('admin_btn_copy_password')}
        </button>
      </div>
      <p id={`${id}-note`} class="field-hint">
        {t('admin_generated_password_note')}
      </p>
      <p role="status" class="copy-status">
        {copied === true ? t('admin_password_copied') : copied === false ? t('admin_copy_failed') : ''}
      </p>
    </div>
  );
}

/** A checkbox or radio button with its label; the hint (outside the label, so the name stays short) describes it. */
export function Choice(props: {
  id: string;
  type?: 'checkbox' | 'radio';
  /** Radio group name. */
  name?: string;
  value?: string;
  label: ComponentChildren;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <div class="check">
      <input
        id={props.id}
        type={props.type ?? 'checkbox'}
        name={props.name}
        value={props.value}
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      <div class="check-text">
        <label for={props.id}>{props.label}</label>
        {props.hint && (
          <p id={`${props.id}-hint`} class="check-hint">
            {props.hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** After a refused submit, take the admin to the first field that needs them. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"], .has-error input')?.focus());
}
