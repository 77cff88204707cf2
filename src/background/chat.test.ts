import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../shared/protocol/chat.ts';
import { RepChat } from './chat.ts';
import { RepStore } from './rep-store.ts';
import { AUTH, CAN_CAPTURE, FakeMediaHost, SERVER_URL, memoryAreas, participant, sessionInfo } from './test-fakes.ts';

const SID = sessionInfo().id;
const me = participant('p_rep00001', { role: 'controller', name: 'Alex Rep', joinedAt: 0 });
const kim = participant('p_kim00001', { name: 'Kim' });
const fromKim = (id: string, text = 'hello'): ChatEntry => ({ kind: 'text', id, at: 5, from: kim.id, name: 'Kim', role: 'customer', text });

async function setup() {
  const areas = memoryAreas();
  const store = new RepStore(areas, CAN_CAPTURE);
  await store.ready;
  await store.signedIn(SERVER_URL, AUTH);
  await store.sessionStarted(sessionInfo());
  await store.upsertParticipant(SID, me);
  await store.upsertParticipant(SID, kim);
  const media = new FakeMediaHost();
  const chat = new RepChat(store, media, () => 1000);
  return { areas, store, media, chat };
}

describe('the rep’s chat', () => {
  it('what the rep says is stored as ours (never unread) and handed to the hub', async () => {
    const { store, media, chat } = await setup();
    await chat.send(SID, '<b>hi</b>');
    const entry = { kind: 'text', id: expect.any(String), at: 1000, from: me.id, name: 'Alex Rep', role: 'controller', text: '<b>hi</b>' };
    expect(store.sessionById(SID)?.chat).toEqual({ entries: [entry], unread: 0 });
    expect(media.commands).toEqual([{ type: 'chat.post', sessionId: SID, entry }]);
  });

  it('what others say is unread until the rep looks, and survives a worker restart (storage.session)', async () => {
    const { areas, store, chat } = await setup();
    await chat.received(SID, fromKim('msg-kim001'));
    await chat.received(SID, fromKim('msg-kim001'));
    await chat.received(SID, fromKim('msg-kim002', 'and again'));
    expect(store.sessionById(SID)?.chat?.unread).toBe(2);
    const restarted = new RepStore(areas, CAN_CAPTURE);
    await restarted.ready;
    expect(restarted.sessionById(SID)?.chat?.entries.map((e) => e.id)).toEqual(['msg-kim001', 'msg-kim002']);
    expect(restarted.snapshot().session?.chat?.unread).toBe(2);
    await new RepChat(restarted, new FakeMediaHost()).read(SID);
    expect(restarted.sessionById(SID)?.chat?.unread).toBe(0);
  });

  it('a transfer ends the chat with a message to everyone and hands over the log; the new controller gets it as read', async () => {
    const { store, media, chat } = await setup();
    await chat.received(SID, fromKim('msg-kim001'));
    const log = await chat.endForTransfer(SID, 'Helen Helper');
    const ended = { kind: 'ended', id: expect.any(String), at: 1000, name: 'Helen Helper' };
    expect(log).toEqual([fromKim('msg-kim001'), ended]);
    expect(media.commands).toEqual([{ type: 'chat.post', sessionId: SID, entry: ended }]);

    const other = new RepStore(memoryAreas(), CAN_CAPTURE);
    await other.ready;
    await other.controlReceived(sessionInfo(), [me, kim], { selectedId: null, stage: null }, [], log);
    expect(other.sessionById(SID)?.chat).toEqual({ entries: log, unread: 0 });
  });

  it('an assistant’s own message is stored at once and its echo from the hub is kept once, not unread', async () => {
    const store = new RepStore(memoryAreas(), CAN_CAPTURE);
    await store.ready;
    await store.signedIn(SERVER_URL, AUTH);
    await store.assistStarted({
      sessionId: SID,
      number: '123456789',
      participantId: 'p_help0001',
      controllerName: 'Casey',
      participants: [],
      sharing: false,
      passedTo: null,
    });
    const media = new FakeMediaHost();
    const chat = new RepChat(store, media, () => 7);
    await chat.send(SID, 'on it');
    const [command] = media.commands;
    expect(command).toMatchObject({ type: 'chat.post', sessionId: SID, entry: { from: 'p_help0001', role: 'assistant', text: 'on it' } });
    if (command?.type !== 'chat.post') throw new Error('no chat.post');
    await chat.received(SID, { ...command.entry, at: 8 });
    await chat.received(SID, fromKim('msg-kim001'));
    expect(store.assisting?.chat?.entries).toHaveLength(2);
    expect(store.assisting?.chat?.unread).toBe(1);
  });

  it('refuses to chat in a session we are not in', async () => {
    const { chat } = await setup();
    await expect(chat.send('s_unknown01', 'hi')).rejects.toMatchObject({ reason: 'no_session' });
  });
});
