// The customer's chat panel (issue #9): a toggle that says how many messages
// are unread while it is collapsed, and the log with its input when expanded.
import { useT } from '../i18n.ts';
import { ChatView } from '../../src/shared/ui/ChatView.tsx';
import type { ChatClient } from './chat-client.ts';
import { isMine, type ChatState } from './chat-state.ts';

export function Chat({ state, client }: { state: ChatState; client: ChatClient }) {
  const t = useT();
  const label = state.unread > 0 ? t('chat_toggle_unread', { count: state.unread }) : t('chat_title');
  return (
    <section class={`remote-chat${state.expanded ? ' is-expanded' : ''}`} aria-labelledby="remote-chat-toggle">
      <h2 class="remote-chat-heading">
        <button
          type="button"
          id="remote-chat-toggle"
          class={`button remote-chat-toggle${state.unread > 0 ? ' has-unread' : ''}`}
          aria-expanded={state.expanded}
          aria-controls="remote-chat-body"
          onClick={() => client.setExpanded(!state.expanded)}
        >
          {label}
        </button>
      </h2>
      <div id="remote-chat-body" hidden={!state.expanded}>
        <ChatView
          t={t}
          idBase="remote"
          entries={state.entries}
          outgoing={state.outgoing}
          isMine={(entry) => isMine(state, entry)}
          onSend={(text) => client.send(text)}
          onDiscard={(id) => client.discard(id)}
          unavailable={state.channel === 'open' ? undefined : t('chat_waiting_customer')}
        />
      </div>
    </section>
  );
}
