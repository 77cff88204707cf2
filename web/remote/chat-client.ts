// The customer's end of the session data channel (issue #9): chat now, marks
// too. SessionClient hands it each new channel (a new peer to the rep: a
// re-join, a transfer of control) and null when the peer goes; the log and
// what we typed live on in chat-state.ts across channels.
import { newChatId, parseChannelMessage, sendOnChannel, type ChannelMessage, type MarkMessage } from '../../src/shared/protocol/channel.ts';
import { ChatText } from '../../src/shared/protocol/chat.ts';
import { initialChat, reduceChat, type ChatEvent, type ChatState } from './chat-state.ts';

/** What we need of an RTCDataChannel; tests pass a fake. */
export interface ChatChannel {
  readonly readyState: RTCDataChannelState;
  send(data: string): void;
  addEventListener(type: 'open' | 'close', listener: () => void, options?: { signal?: AbortSignal }): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void;
}

export interface ChatClientOptions {
  onState: (state: ChatState) => void;
  /** A mark from someone else (the rep, another customer) for the stage's overlay. */
  onMark?: (mark: MarkMessage) => void;
  now?: () => number;
  newId?: () => string;
  log?: (message: string, detail?: unknown) => void;
}

export class ChatClient {
  #state: ChatState = initialChat;
  #channel: ChatChannel | null = null;
  #abort: AbortController | null = null;
  readonly #options: ChatClientOptions;

  constructor(options: ChatClientOptions) {
    this.#options = options;
  }

  get state(): ChatState {
    return this.#state;
  }

  /** A new session channel (or none). */
  attach(channel: ChatChannel | null): void {
    this.#abort?.abort();
    this.#abort = null;
    this.#channel = channel;
    if (!channel) {
      this.#dispatch({ type: 'channel', open: false });
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    const on = { signal: abort.signal };
    channel.addEventListener('open', () => this.#dispatch({ type: 'channel', open: true }), on);
    channel.addEventListener('close', () => this.#dispatch({ type: 'channel', open: false }), on);
    channel.addEventListener('message', (event) => this.#receive(event.data), on);
    this.#dispatch({ type: 'channel', open: channel.readyState === 'open' });
  }

  /** Send what the customer typed; false (nothing sent) when it is empty, too long or the channel is not open. */
  send(raw: string): boolean {
    const text = ChatText.safeParse(raw);
    if (!text.success || this.#state.channel !== 'open') return false;
    const id = (this.#options.newId ?? newChatId)();
    if (!sendOnChannel(this.#channel, { type: 'chat.send', id, text: text.data })) return false;
    this.#dispatch({ type: 'sent', id, text: text.data, at: (this.#options.now ?? Date.now)() });
    return true;
  }

  /** Draw or point (the customer's own marks), or clear every mark. */
  sendMark(mark: MarkMessage): boolean {
    return sendOnChannel(this.#channel, mark);
  }

  setExpanded(expanded: boolean): void {
    this.#dispatch({ type: 'expand', expanded });
  }

  discard(id: string): void {
    this.#dispatch({ type: 'discard', id });
  }

  #receive(data: unknown): void {
    const parsed = parseChannelMessage(data);
    if (!parsed.ok) {
      this.#options.log?.(`dropped a session channel message: ${parsed.reason}: ${parsed.detail}`);
      return;
    }
    const message: ChannelMessage = parsed.message;
    switch (message.type) {
      case 'chat.entry':
        this.#dispatch({ type: 'entry', entry: message.entry });
        return;
      case 'mark.stroke':
      case 'mark.clear':
        this.#options.onMark?.(message);
        return;
      case 'chat.send':
        // Only the hub takes these.
        return;
    }
  }

  #dispatch(event: ChatEvent): void {
    const next = reduceChat(this.#state, event);
    if (next === this.#state) return;
    this.#state = next;
    this.#options.onState(next);
  }
}
