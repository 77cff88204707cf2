// The dashboard's chat of one session (issue #9), controlled or assisted. The
// log lives in the background's store (a closed popup or a restarted worker
// loses none of it); this view sends what the rep types and marks the log
// read while it is on screen.
import { useEffect } from 'preact/hooks';
import { EMPTY_CHAT, type ChatEntry, type ChatLog } from '../shared/protocol/chat.ts';
import { ChatView } from '../shared/ui/ChatView.tsx';
import { useConnector } from './context.ts';
import { t } from './i18n.ts';

interface Props {
  sessionId: string;
  chat: ChatLog | undefined;
  /** Our participant (and user) ids: whose lines are "ours". */
  own: ReadonlySet<string>;
  /** Shown above the field when nobody would receive a message now. */
  note?: string | undefined;
}

export function Chat({ sessionId, chat = EMPTY_CHAT, own, note }: Props) {
  const connector = useConnector();

  // On screen means read, including what arrives while it is.
  useEffect(() => {
    if (chat.unread > 0) void connector.send({ type: 'chat.read', sessionId }).catch(() => {});
  }, [chat.unread, sessionId]);

  return (
    <section class="card chat-card" aria-label={t('chat_title')}>
      <ChatView
        t={t}
        idBase={`dashboard-${sessionId}`}
        entries={chat.entries}
        isMine={(entry: ChatEntry) => entry.kind === 'text' && own.has(entry.from)}
        onSend={async (text) => {
          await connector.send({ type: 'chat.send', sessionId, text });
          return true;
        }}
        unavailable={note}
      />
    </section>
  );
}

/** A tab's label for a session's chat: "Chat", or "Chat (2 unread)". */
export function chatTabLabel(chat: ChatLog | undefined): string {
  return chat?.unread ? t('chat_toggle_unread', { count: chat.unread }) : t('chat_title');
}
