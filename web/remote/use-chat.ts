// Binds a ChatClient to the page: one per page (the log outlives re-joins and
// transfers, which only change the channel under it).
import { useMemo, useState } from 'preact/hooks';
import { ChatClient } from './chat-client.ts';
import { initialChat, type ChatState } from './chat-state.ts';

export function useChat() {
  const [state, setState] = useState<ChatState>(initialChat);
  const client = useMemo(() => new ChatClient({ onState: setState, log: (m) => console.debug(`[chat] ${m}`) }), []);
  return { state, client, attach: (channel: RTCDataChannel | null) => client.attach(channel) };
}
