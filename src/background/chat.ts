// The rep's side of a session's chat (issue #9): what the dashboard says goes
// into the store at once and to the media engine, which relays it (as the hub
// when we control the session; to the controller's hub when we assist); what
// the hub hears from others comes back as media.chat and is stored. The log
// lives in the RepStore, so a closed popup or a restarted worker loses none of it.
import { newChatId } from '../shared/protocol/channel.ts';
import type { ChatEntry } from '../shared/protocol/chat.ts';
import { newestWithin } from '../shared/chat/chat-log.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { MediaHost } from './media-host.ts';
import type { RepStore } from './rep-store.ts';

export class RepChat {
  constructor(
    private readonly store: RepStore,
    private readonly media: Pick<MediaHost, 'run'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The rep typed `text` in the chat of a session they control or assist. */
  async send(sessionId: string, text: string): Promise<void> {
    const entry = this.#entryFor(sessionId, text);
    await this.store.addChatEntry(sessionId, entry, { own: true });
    // Stored first: a media context that is down (being recreated) must not lose what the rep typed from their own view.
    await this.media.run({ type: 'chat.post', sessionId, entry });
  }

  async read(sessionId: string): Promise<void> {
    await this.store.chatRead(sessionId);
  }

  /** An entry the hub relayed (someone else's, or the echo of ours). */
  async received(sessionId: string, entry: ChatEntry): Promise<void> {
    await this.store.addChatEntry(sessionId, entry);
  }

  /**
   * Control passes to `name` (S20): the chat in progress ends with a message
   * to everyone; returns the log to hand over, bounded to fit the transfer.
   */
  async endForTransfer(sessionId: string, name: string): Promise<ChatEntry[]> {
    const entry: ChatEntry = { kind: 'ended', id: newChatId(), at: this.now(), name: name.slice(0, 64) };
    await this.store.addChatEntry(sessionId, entry, { own: true });
    await this.media.run({ type: 'chat.post', sessionId, entry }).catch((e: unknown) => console.warn('[chat] could not tell everyone the chat ended', e));
    return this.handoffLog(sessionId);
  }

  /** The handoff's chat part: none for a session without chat (what older extensions send, too). */
  handoffPart(sessionId: string): { chat?: ChatEntry[] } {
    const chat = this.handoffLog(sessionId);
    return chat.length ? { chat } : {};
  }

  /** The log as a handoff carries it (wire.ts, Handoff.chat). */
  handoffLog(sessionId: string): ChatEntry[] {
    return newestWithin(this.store.sessionById(sessionId)?.chat?.entries ?? []);
  }

  /** After the media context (re)started or control came to us: the hub replays the stored log to newcomers. */
  async seed(sessionId: string): Promise<void> {
    const entries = this.store.sessionById(sessionId)?.chat?.entries ?? [];
    if (entries.length) await this.media.run({ type: 'chat.seed', sessionId, entries });
  }

  #entryFor(sessionId: string, text: string): ChatEntry {
    const at = this.now();
    const id = newChatId();
    const name = this.store.auth?.user.name.slice(0, 64) ?? '';
    const session = this.store.sessionById(sessionId);
    if (session) {
      // Our participant id when the list has it, else our user id: either way the dashboard knows it is ours.
      const me = session.participants.find((p) => p.role === 'controller');
      const from = me?.id ?? this.store.auth?.user.id;
      if (!from) throw new PeerAssistError('unauthenticated', 'sign in first');
      return { kind: 'text', id, at, from, name: me?.name ?? name, role: 'controller', text };
    }
    const assisting = this.store.assisting;
    if (assisting?.sessionId === sessionId) {
      return { kind: 'text', id, at, from: assisting.participantId, name, role: 'assistant', text };
    }
    throw new PeerAssistError('no_session', 'no such session');
  }
}
