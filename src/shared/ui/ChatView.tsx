// A chat log and its input (issue #9), the same on the rep's dashboard and the
// customer's page; each passes its own translator and what "ours" means.
// Text only (DESIGN.md, Security): every message is rendered as a text node,
// never as markup, so "<script>" or "<img onerror>" shows as typed.
import { useEffect, useRef, useState } from 'preact/hooks';
import './chat.css';
import { MAX_CHAT_TEXT, type ChatEntry } from '../protocol/chat.ts';
import type { Translate } from '../i18n/index.ts';

export interface OutgoingLine {
  id: string;
  text: string;
  at: number;
  status: 'pending' | 'failed';
}

export interface ChatViewProps {
  t: Translate;
  /** Distinguishes several chat views on one page (ids of the log and the field). */
  idBase: string;
  entries: readonly ChatEntry[];
  /** Ours, not yet in the log (the customer's page waits for the hub's echo). */
  outgoing?: readonly OutgoingLine[];
  isMine: (entry: ChatEntry) => boolean;
  /** Sends; resolves false when nothing was sent (the text stays in the field). */
  onSend: (text: string) => boolean | Promise<boolean>;
  /** Why sending is not possible now, shown above the field; the field stays usable for typing. */
  unavailable?: string | undefined;
  onDiscard?: (id: string) => void;
}

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function ChatView({ t, idBase, entries, outgoing = [], isMine, onSend, unavailable, onDiscard }: ChatViewProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const log = useRef<HTMLDivElement>(null);

  // Newest at the bottom, kept in view as lines arrive.
  useEffect(() => {
    const element = log.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [entries.length, outgoing.length]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    if (text.length > MAX_CHAT_TEXT) {
      setError(t('chat_too_long', { max: MAX_CHAT_TEXT }));
      return;
    }
    setBusy(true);
    try {
      const sent = await onSend(text);
      if (sent) {
        setDraft('');
        setError(null);
      } else {
        setError(unavailable ?? t('chat_not_sent'));
      }
    } catch {
      setError(t('chat_not_sent'));
    } finally {
      setBusy(false);
    }
  };

  const logId = `${idBase}-chat-log`;
  return (
    <div class="chat">
      {/* Focusable so the keyboard can scroll it; a log region announces new lines politely. */}
      <div id={logId} ref={log} class="chat-log" role="log" aria-live="polite" aria-label={t('chat_log_label')} tabIndex={0}>
      <ol class="chat-lines">
        {entries.length === 0 && outgoing.length === 0 && <li class="chat-empty muted">{t('chat_empty')}</li>}
        {entries.map((entry) => (
          <ChatLine key={entry.id} t={t} entry={entry} mine={isMine(entry)} />
        ))}
        {outgoing.map((line) => (
          <li key={line.id} class={`chat-line is-mine${line.status === 'failed' ? ' is-failed' : ' is-pending'}`}>
            <span class="chat-meta">
              <time dateTime={new Date(line.at).toISOString()}>{time.format(line.at)}</time>{' '}
              {line.status === 'failed' ? t('chat_not_sent') : t('chat_sending')}
            </span>
            <span class="chat-text">{line.text}</span>
            {line.status === 'failed' && onDiscard && (
              <button type="button" class="chat-discard" onClick={() => onDiscard(line.id)}>
                {t('chat_dismiss')}
              </button>
            )}
          </li>
        ))}
      </ol>
      </div>
      {unavailable && (
        <p class="chat-unavailable muted" role="status">
          {unavailable}
        </p>
      )}
      <form class="chat-form" onSubmit={(event) => void submit(event)}>
        <label class="chat-field">
          <span class="chat-field-label">{t('chat_message_label')}</span>
          <input
            type="text"
            value={draft}
            maxLength={MAX_CHAT_TEXT}
            autoComplete="off"
            aria-describedby={error ? `${idBase}-chat-error` : undefined}
            onInput={(event) => setDraft(event.currentTarget.value)}
          />
        </label>
        <button type="submit" disabled={busy || draft.trim() === ''}>
          {t('chat_send')}
        </button>
      </form>
      {error && (
        <p id={`${idBase}-chat-error`} class="chat-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function ChatLine({ t, entry, mine }: { t: Translate; entry: ChatEntry; mine: boolean }) {
  const stamp = <time dateTime={new Date(entry.at).toISOString()}>{time.format(entry.at)}</time>;
  if (entry.kind === 'ended') {
    return (
      <li class="chat-line is-system">
        <span class="chat-meta">{stamp}</span> <span class="chat-text">{t('chat_ended', { name: entry.name })}</span>
      </li>
    );
  }
  const who = mine ? t('chat_you', { name: entry.name }) : entry.name;
  return (
    <li class={`chat-line${mine ? ' is-mine' : ''}`}>
      <span class="chat-meta">
        <span class="chat-name">{who}</span> {stamp}
      </span>
      <span class="chat-text">{entry.text}</span>
    </li>
  );
}
