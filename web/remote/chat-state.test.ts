import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../../src/shared/protocol/chat.ts';
import { initialChat, isMine, reduceChat, type ChatEvent, type ChatState } from './chat-state.ts';

const entry = (id: string, over: Partial<Extract<ChatEntry, { kind: 'text' }>> = {}): ChatEntry => ({
  kind: 'text',
  id,
  at: 10,
  from: 'p_rep00001',
  name: 'Alex',
  role: 'controller',
  text: 'hi',
  ...over,
});
const run = (...events: ChatEvent[]): ChatState => events.reduce(reduceChat, initialChat);

describe('the customer’s chat state', () => {
  it('a message we send is pending until the hub echoes it, then it is in the log as ours and not unread', () => {
    let state = run({ type: 'channel', open: true }, { type: 'sent', id: 'msg-mine01', text: 'hello', at: 5 });
    expect(state.outgoing).toEqual([{ id: 'msg-mine01', text: 'hello', at: 5, status: 'pending' }]);
    state = reduceChat(state, { type: 'entry', entry: entry('msg-mine01', { from: 'p_kim00001', name: 'Kim', role: 'customer', text: 'hello' }) });
    expect(state.outgoing).toEqual([]);
    expect(state.entries).toHaveLength(1);
    expect(isMine(state, state.entries[0]!)).toBe(true);
    expect(state.unread).toBe(0);
  });

  it('what the hub never echoed is marked not sent when the channel closes, and can be dismissed', () => {
    let state = run({ type: 'channel', open: true }, { type: 'sent', id: 'msg-mine01', text: 'hello', at: 5 }, { type: 'channel', open: false });
    expect(state.outgoing[0]?.status).toBe('failed');
    state = reduceChat(state, { type: 'discard', id: 'msg-mine01' });
    expect(state.outgoing).toEqual([]);
  });

  it('counts others’ messages as unread while collapsed, once each; expanding clears it and nothing counts while open', () => {
    let state = run({ type: 'entry', entry: entry('msg-0001') }, { type: 'entry', entry: entry('msg-0001') }, { type: 'entry', entry: entry('msg-0002') });
    expect(state.unread).toBe(2);
    state = reduceChat(state, { type: 'expand', expanded: true });
    expect(state.unread).toBe(0);
    state = reduceChat(state, { type: 'entry', entry: entry('msg-0003') });
    expect(state.unread).toBe(0);
    state = reduceChat(state, { type: 'expand', expanded: false });
    state = reduceChat(state, { type: 'entry', entry: { kind: 'ended', id: 'msg-0004', at: 11, name: 'Helen' } });
    expect(state.unread).toBe(1);
    expect(state.entries.map((e) => e.id)).toEqual(['msg-0001', 'msg-0002', 'msg-0003', 'msg-0004']);
  });

  it('the log outlives the channel: a new channel (re-join, transfer) keeps it', () => {
    const state = run({ type: 'channel', open: true }, { type: 'entry', entry: entry('msg-0001') }, { type: 'channel', open: false }, { type: 'channel', open: true });
    expect(state.entries).toHaveLength(1);
    expect(state.channel).toBe('open');
  });
});
