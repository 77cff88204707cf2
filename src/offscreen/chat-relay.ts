// The session channel's hub (issue #9): chat and pointer/annotation marks
// between everyone in a session, over the star the media engine already has.
//
//   controller's engine (hub): one negotiated "session" data channel per peer
//     chat.send from P ──stamp (P's id, name, role, time)──► chat.entry to every peer of P's session (P too: its echo)
//                                                         └─► media.chat to the background, which stores the log
//     mark.* from P ──► the same to every other peer of the session, and media.mark to the background (the shared tab)
//     chat.post / mark.post from our background ──► every peer of the session
//   assistant's engine (spoke: its only peer is the controller, polite)
//     chat.post ──► chat.send to the hub; chat.entry from the hub ──► media.chat
//
// The hub decides who said what: `from`, `name` and `role` come from the peer
// the message arrived on (what the background said when it opened it), never
// from the message (STYLE.md, "the server decides who sent a message").
// Every message is parsed (channel.ts) and a bad one is dropped with its reason logged.
import { MAX_CHAT_LOG, type ChatEntry } from '../shared/protocol/chat.ts';
import { appendEntry } from '../shared/chat/chat-log.ts';
import { parseChannelMessage, sendOnChannel, type ChannelMessage, type MarkMessage } from '../shared/protocol/channel.ts';
import type { MediaEventBody } from '../shared/protocol/runtime.ts';

/** Who is at the other end of a peer, as the background told the engine. */
export interface RelayPeer {
  participantId: string;
  sessionId: string;
  /** True on an assistant's link to its controller: the other end is the hub. */
  polite: boolean;
  name: string;
  role: 'assistant' | 'customer';
}

/** What the relay needs of an RTCDataChannel (a fake in unit tests). */
export interface RelayChannel {
  readonly readyState: RTCDataChannelState;
  send(data: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void;
  addEventListener(type: 'open', listener: () => void, options?: { signal?: AbortSignal }): void;
}

export interface ChatRelayOptions {
  emit: (event: MediaEventBody) => void;
  /** A mark arrived from a peer: the engine shows it on the dashboards' viewers of that session. */
  onMark?: (sessionId: string, mark: MarkMessage) => void;
  now?: () => number;
  log?: (message: string, detail?: unknown) => void;
}

interface Attached extends RelayPeer {
  channel: RelayChannel;
  abort: AbortController;
  chatBudget: Bucket;
  markBudget: Bucket;
}

/**
 * How much one peer may send: a burst, refilled at a steady rate. Beyond it
 * messages are dropped (reason rate_limited, logged): one participant cannot
 * flood everyone else's chat, or the rep's storage with writes.
 */
export const CHAT_RATE = { burst: 10, perSecond: 2 };
export const MARK_RATE = { burst: 60, perSecond: 40 };

class Bucket {
  #tokens: number;
  #at: number;
  constructor(
    private readonly rate: { burst: number; perSecond: number },
    now: number,
  ) {
    this.#tokens = rate.burst;
    this.#at = now;
  }
  take(now: number): boolean {
    this.#tokens = Math.min(this.rate.burst, this.#tokens + ((now - this.#at) / 1000) * this.rate.perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export class ChatRelay {
  readonly #peers = new Map<string, Attached>();
  /** Per session, what the hub has relayed: replayed to whoever joins later (or re-joins after a reload). */
  readonly #logs = new Map<string, ChatEntry[]>();
  readonly #emit: (event: MediaEventBody) => void;
  readonly #onMark: (sessionId: string, mark: MarkMessage) => void;
  readonly #now: () => number;
  readonly #log: (message: string, detail?: unknown) => void;

  constructor(options: ChatRelayOptions) {
    this.#emit = options.emit;
    this.#onMark = options.onMark ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? (() => {});
  }

  attach(peer: RelayPeer, channel: RelayChannel): void {
    this.detach(peer.participantId);
    const abort = new AbortController();
    const now = this.#now();
    const attached: Attached = { ...peer, channel, abort, chatBudget: new Bucket(CHAT_RATE, now), markBudget: new Bucket(MARK_RATE, now) };
    this.#peers.set(peer.participantId, attached);
    channel.addEventListener('message', (event) => this.#receive(attached, event.data), { signal: abort.signal });
    // A hub tells a newcomer what was said before they came.
    if (!peer.polite) {
      const replay = () => {
        for (const entry of this.#logs.get(peer.sessionId) ?? []) sendOnChannel(channel, { type: 'chat.entry', entry });
      };
      if (channel.readyState === 'open') replay();
      else channel.addEventListener('open', replay, { signal: abort.signal });
    }
  }

  detach(participantId: string): void {
    const peer = this.#peers.get(participantId);
    if (!peer) return;
    this.#peers.delete(participantId);
    // The session's log stays: a customer who joins after the last one left still gets it (bounded; media.reset clears it).
    peer.abort.abort();
  }

  /** Everything goes (media.reset). */
  clear(): void {
    for (const id of [...this.#peers.keys()]) this.detach(id);
    this.#logs.clear();
  }

  /** The log so far (the hub's memory of it), e.g. after control came to us with it. */
  seed(sessionId: string, entries: readonly ChatEntry[]): void {
    let log = this.#logs.get(sessionId) ?? [];
    for (const entry of entries) log = appendEntry(log, entry, MAX_CHAT_LOG);
    this.#logs.set(sessionId, log);
  }

  /** An entry from our own background: the rep said something, or the chat ended (transfer of control). */
  postChat(sessionId: string, entry: ChatEntry): void {
    const hub = this.#hubOf(sessionId);
    if (hub) {
      // We are an assistant: the controller's hub stamps and relays it, and echoes it back to us.
      if (entry.kind === 'text') sendOnChannel(hub.channel, { type: 'chat.send', id: entry.id, text: entry.text });
      return;
    }
    this.#remember(sessionId, entry);
    this.#broadcast(sessionId, { type: 'chat.entry', entry });
  }

  /** A mark (or Clear marks) from our own dashboard: to every peer of the session (an assistant's goes to the hub, which relays it). */
  postMark(sessionId: string, message: MarkMessage): void {
    this.#broadcast(sessionId, message);
    // As the hub, the shared tab's overlay shows the rep's own marks too (an assistant's arrive from the hub as media.mark).
    if (!this.#hubOf(sessionId)) this.#emit({ type: 'media.mark', sessionId, mark: message });
  }

  #receive(peer: Attached, data: unknown): void {
    const parsed = parseChannelMessage(data);
    if (!parsed.ok) {
      this.#log(`dropped a session channel message from ${peer.participantId}: ${parsed.reason}: ${parsed.detail}`);
      return;
    }
    const message = parsed.message;
    if (peer.polite) return this.#fromHub(peer, message);
    const budget = message.type === 'chat.send' ? peer.chatBudget : peer.markBudget;
    if (!budget.take(this.#now())) {
      this.#log(`dropped a ${message.type} from ${peer.participantId}: rate_limited`);
      return;
    }
    switch (message.type) {
      case 'chat.send': {
        const log = this.#logs.get(peer.sessionId) ?? [];
        // A message sent twice (a retry after a reconnect) is relayed once.
        if (log.some((e) => e.id === message.id)) return;
        const entry: ChatEntry = {
          kind: 'text',
          id: message.id,
          at: this.#now(),
          from: peer.participantId,
          name: peer.name,
          role: peer.role,
          text: message.text,
        };
        this.#remember(peer.sessionId, entry);
        this.#broadcast(peer.sessionId, { type: 'chat.entry', entry });
        this.#emit({ type: 'media.chat', sessionId: peer.sessionId, entry });
        return;
      }
      case 'chat.entry':
        // Only the hub says what is in the log.
        this.#log(`dropped a chat entry from ${peer.participantId}: only the hub sends those`);
        return;
      case 'mark.stroke':
      case 'mark.clear':
        this.#broadcast(peer.sessionId, message, peer.participantId);
        this.#emit({ type: 'media.mark', sessionId: peer.sessionId, mark: message });
        this.#onMark(peer.sessionId, message);
        return;
    }
  }

  /** On an assistant's engine: what the controller's hub sends us. */
  #fromHub(peer: Attached, message: ChannelMessage): void {
    switch (message.type) {
      case 'chat.entry':
        this.#emit({ type: 'media.chat', sessionId: peer.sessionId, entry: message.entry });
        return;
      case 'mark.stroke':
      case 'mark.clear':
        this.#onMark(peer.sessionId, message);
        return;
      case 'chat.send':
        return;
    }
  }

  #hubOf(sessionId: string): Attached | undefined {
    for (const peer of this.#peers.values()) if (peer.sessionId === sessionId && peer.polite) return peer;
    return undefined;
  }

  #remember(sessionId: string, entry: ChatEntry): void {
    this.#logs.set(sessionId, appendEntry(this.#logs.get(sessionId) ?? [], entry, MAX_CHAT_LOG));
  }

  #broadcast(sessionId: string, message: ChannelMessage, exceptId?: string): void {
    for (const peer of this.#peers.values()) {
      if (peer.sessionId !== sessionId || peer.participantId === exceptId) continue;
      // A peer whose channel is not open yet gets the chat in the replay when it opens; a mark is momentary.
      sendOnChannel(peer.channel, message);
    }
  }
}
