// Binds a ChatClient to the page: one per page (the log outlives re-joins and
// transfers, which only change the channel under it).
import { useMemo, useRef, useState } from 'preact/hooks';
import type { MarkMessage } from '../../src/shared/protocol/channel.ts';
import { ChatClient } from './chat-client.ts';
import { initialChat, type ChatState } from './chat-state.ts';

/** `onMark`: marks others draw (issue #9), for the stage's overlay. */
export function useChat(onMark?: (mark: MarkMessage) => void) {
  const [state, setState] = useState<ChatState>(initialChat);
  const marks = useRef(onMark);
  marks.current = onMark;
  const client = useMemo(
    () => new ChatClient({ onState: setState, onMark: (mark) => marks.current?.(mark), log: (m) => console.debug(`[chat] ${m}`) }),
    [],
  );
  return { state, client, attach: (channel: RTCDataChannel | null) => client.attach(channel) };
}
