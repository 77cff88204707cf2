import { describe, expect, it } from 'vitest';
import type { MarkMessage } from '../../src/shared/protocol/channel.ts';
import { ChatClient, type ChatChannel } from './chat-client.ts';
import type { ChatState } from './chat-state.ts';

class FakeChannel implements ChatChannel {
  readyState: RTCDataChannelState = 'connecting';
  readonly sent: unknown[] = [];
  readonly #listeners: { type: string; listener: (event: { data: unknown }) => void; signal?: AbortSignal | undefined }[] = [];
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  addEventListener(type: string, listener: (event: { data: unknown }) => void, options?: { signal?: AbortSignal }): void {
    this.#listeners.push({ type, listener, signal: options?.signal });
  }
  fire(type: string, data?: unknown): void {
    if (type === 'open') this.readyState = 'open';
    if (type === 'close') this.readyState = 'closed';
    for (const l of this.#listeners) if (l.type === type && !l.signal?.aborted) l.listener({ data });
  }
}

function setup() {
  const states: ChatState[] = [];
  const marks: MarkMessage[] = [];
  const client = new ChatClient({ onState: (s) => states.push(s), onMark: (m) => marks.push(m), now: () => 42, newId: () => 'msg-mine001' });
  return { client, states, marks };
}

describe('ChatClient', () => {
  it('sends only once the channel is open, and only valid text', () => {
    const { client } = setup();
    const channel = new FakeChannel();
    client.attach(channel);
    expect(client.send('hello')).toBe(false);
    channel.fire('open');
    expect(client.send('   ')).toBe(false);
    expect(client.send('x'.repeat(1001))).toBe(false);
    expect(client.send(' hello ')).toBe(true);
    expect(channel.sent).toEqual([{ type: 'chat.send', id: 'msg-mine001', text: 'hello' }]);
    expect(client.state.outgoing).toEqual([{ id: 'msg-mine001', text: 'hello', at: 42, status: 'pending' }]);
  });

  it('takes entries and marks from the hub, drops what fails the schema, and forgets an old channel', () => {
    const { client, marks } = setup();
    const old = new FakeChannel();
    client.attach(old);
    old.fire('open');
    const fresh = new FakeChannel();
    client.attach(fresh);
    old.fire('message', JSON.stringify({ type: 'mark.clear' }));
    expect(marks).toEqual([]);
    fresh.fire('open');
    fresh.fire('message', JSON.stringify({ type: 'chat.entry', entry: { kind: 'ended', id: 'msg-end001', at: 1, name: 'Helen' } }));
    fresh.fire('message', '<script>');
    fresh.fire('message', JSON.stringify({ type: 'mark.clear' }));
    expect(client.state.entries).toHaveLength(1);
    expect(client.state.unread).toBe(1);
    expect(marks).toEqual([{ type: 'mark.clear' }]);
    fresh.fire('close');
    expect(client.state.channel).toBe('closed');
  });
});
