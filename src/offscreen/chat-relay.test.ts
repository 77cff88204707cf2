import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../shared/protocol/chat.ts';
import type { MediaEventBody } from '../shared/protocol/runtime.ts';
import { ChatRelay, type RelayChannel, type RelayPeer } from './chat-relay.ts';

/** A data channel end we drive by hand: `deliver` is the other side sending, `sent` what we sent. */
class FakeChannel implements RelayChannel {
  readyState: RTCDataChannelState = 'open';
  readonly sent: unknown[] = [];
  readonly #listeners: { type: string; listener: (event: { data: unknown }) => void; signal?: AbortSignal | undefined }[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void {
    this.#listeners.push({ type, listener, signal: options?.signal });
  }
  #fire(type: string, data?: unknown): void {
    for (const l of this.#listeners) if (l.type === type && !l.signal?.aborted) l.listener({ data });
  }
  deliver(message: unknown): void {
    this.#fire('message', typeof message === 'string' ? message : JSON.stringify(message));
  }
  open(): void {
    this.readyState = 'open';
    this.#fire('open');
  }
}

const S = 's_session001';
const peer = (participantId: string, name: string, over: Partial<RelayPeer> = {}): RelayPeer => ({
  participantId,
  sessionId: S,
  polite: false,
  name,
  role: 'customer',
  ...over,
});

function hub() {
  const events: MediaEventBody[] = [];
  const logs: string[] = [];
  const relay = new ChatRelay({ emit: (e) => events.push(e), now: () => 1000, log: (m) => logs.push(m) });
  const kim = new FakeChannel();
  const lee = new FakeChannel();
  const other = new FakeChannel();
  relay.attach(peer('p_kim00001', 'Kim'), kim);
  relay.attach(peer('p_lee00001', 'Lee'), lee);
  relay.attach(peer('p_oth00001', 'Other', { sessionId: 's_session002' }), other);
  return { relay, events, logs, kim, lee, other };
}

describe('ChatRelay as the hub', () => {
  it('stamps a customer’s message with who sent it and relays it to everyone in the session, echo included, and to the background', () => {
    const { events, kim, lee, other } = hub();
    kim.deliver({ type: 'chat.send', id: 'msg-00001', text: '<b>hello</b>' });
    const entry = { kind: 'text', id: 'msg-00001', at: 1000, from: 'p_kim00001', name: 'Kim', role: 'customer', text: '<b>hello</b>' };
    expect(kim.sent).toEqual([{ type: 'chat.entry', entry }]);
    expect(lee.sent).toEqual([{ type: 'chat.entry', entry }]);
    expect(other.sent).toEqual([]);
    expect(events).toEqual([{ type: 'media.chat', sessionId: S, entry }]);
    // Sent twice (a retry): relayed once.
    kim.deliver({ type: 'chat.send', id: 'msg-00001', text: '<b>hello</b>' });
    expect(lee.sent).toHaveLength(1);
  });

  it('drops what fails the schema, what is too large, and log entries only the hub may write', () => {
    const { events, logs, kim, lee } = hub();
    kim.deliver('not json');
    kim.deliver({ type: 'chat.send', id: 'msg-00002', text: 'x'.repeat(5000) });
    kim.deliver(JSON.stringify({ type: 'chat.send', id: 'msg-00003', text: 'y' }).padEnd(20_000, ' '));
    kim.deliver({ type: 'chat.entry', entry: { kind: 'ended', id: 'msg-00004', at: 1, name: 'fake' } });
    expect(lee.sent).toEqual([]);
    expect(events).toEqual([]);
    expect(logs.join('\n')).toMatch(/malformed[\s\S]*malformed[\s\S]*too_large[\s\S]*only the hub/);
  });

  it('sends the rep’s own entries to every peer of the session and replays the log to a newcomer when its channel opens', () => {
    const { relay, kim, lee } = hub();
    const entry: ChatEntry = { kind: 'text', id: 'msg-rep001', at: 5, from: 'p_rep00001', name: 'Alex', role: 'controller', text: 'hi' };
    relay.postChat(S, entry);
    expect(kim.sent).toEqual([{ type: 'chat.entry', entry }]);
    expect(lee.sent).toEqual([{ type: 'chat.entry', entry }]);
    const late = new FakeChannel();
    late.readyState = 'connecting';
    relay.attach(peer('p_late0001', 'Late'), late);
    expect(late.sent).toEqual([]);
    late.open();
    expect(late.sent).toEqual([{ type: 'chat.entry', entry }]);
  });

  it('relays marks to everyone else and to the background', () => {
    const { events, kim, lee } = hub();
    const stroke = { id: 'stroke-0001', tool: 'draw', color: '#ff0000', points: [[0.1, 0.2]] };
    kim.deliver({ type: 'mark.stroke', stroke });
    expect(lee.sent).toEqual([{ type: 'mark.stroke', stroke }]);
    expect(kim.sent).toEqual([]);
    expect(events).toEqual([{ type: 'media.mark', sessionId: S, mark: { type: 'mark.stroke', stroke } }]);
  });
});

describe('ChatRelay on an assistant (a spoke)', () => {
  it('sends what the assistant typed to the hub, and stores what the hub relays', () => {
    const events: MediaEventBody[] = [];
    const relay = new ChatRelay({ emit: (e) => events.push(e) });
    const controller = new FakeChannel();
    relay.attach(peer('p_ctrl0001', '', { polite: true }), controller);
    const mine: ChatEntry = { kind: 'text', id: 'msg-ast001', at: 5, from: 'p_help0001', name: 'Helen', role: 'assistant', text: 'on it' };
    relay.postChat(S, mine);
    expect(controller.sent).toEqual([{ type: 'chat.send', id: 'msg-ast001', text: 'on it' }]);
    controller.deliver({ type: 'chat.entry', entry: { ...mine, at: 6 } });
    expect(events).toEqual([{ type: 'media.chat', sessionId: S, entry: { ...mine, at: 6 } }]);
    // A spoke never relays a chat.send (only hubs stamp messages).
    controller.deliver({ type: 'chat.send', id: 'msg-x00001', text: 'x' });
    expect(events).toHaveLength(1);
  });
});

describe('ChatRelay limits', () => {
  it('drops what one peer sends beyond its burst, and takes more as time passes', () => {
    let now = 0;
    const events: MediaEventBody[] = [];
    const logs: string[] = [];
    const relay = new ChatRelay({ emit: (e) => events.push(e), now: () => now, log: (m) => logs.push(m) });
    const kim = new FakeChannel();
    relay.attach(peer('p_kim00001', 'Kim'), kim);
    for (let i = 0; i < 15; i++) kim.deliver({ type: 'chat.send', id: `msg-${String(i).padStart(5, '0')}`, text: 'spam' });
    expect(events).toHaveLength(10);
    expect(logs.filter((l) => l.includes('rate_limited'))).toHaveLength(5);
    now = 1000;
    kim.deliver({ type: 'chat.send', id: 'msg-later1', text: 'later' });
    kim.deliver({ type: 'chat.send', id: 'msg-later2', text: 'later' });
    kim.deliver({ type: 'chat.send', id: 'msg-later3', text: 'later' });
    expect(events).toHaveLength(12);
  });
});
