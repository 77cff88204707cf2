import { describe, expect, it } from 'vitest';
import type { ChatTextEntry } from '../protocol/chat.ts';
import { appendEntry, newestWithin, receive } from './chat-log.ts';

const text = (id: string, from = 'p_kim00001', body = 'hi'): ChatTextEntry => ({ kind: 'text', id, at: 1, from, name: 'Kim', role: 'customer', text: body });

describe('chat log', () => {
  it('appends, keeps an entry that arrives twice once (in place), and keeps only the newest', () => {
    let log = appendEntry([], text('msg-0001'));
    log = appendEntry(log, text('msg-0002'));
    log = appendEntry(log, { ...text('msg-0001'), text: 'again' });
    expect(log.map((e) => e.id)).toEqual(['msg-0001', 'msg-0002']);
    expect(log[0]).toMatchObject({ text: 'again' });
    expect(appendEntry(log, text('msg-0003'), 2).map((e) => e.id)).toEqual(['msg-0002', 'msg-0003']);
  });

  it('counts what others said and the end of the chat as unread, never our own or a repeat', () => {
    const own = new Set(['p_me000001']);
    let log = receive({ entries: [], unread: 0 }, text('msg-0001'), own);
    expect(log.unread).toBe(1);
    log = receive(log, text('msg-0001'), own);
    expect(log.unread).toBe(1);
    log = receive(log, text('msg-0002', 'p_me000001'), own);
    expect(log.unread).toBe(1);
    log = receive(log, text('msg-0003'), null);
    expect(log.unread).toBe(1);
    log = receive(log, { kind: 'ended', id: 'msg-0004', at: 2, name: 'Helen' }, own);
    expect(log.unread).toBe(2);
    expect(log.entries).toHaveLength(4);
  });

  it('a handoff carries the newest entries that fit its byte budget, oldest first', () => {
    const entries = Array.from({ length: 50 }, (_, i) => text(`msg-${String(i).padStart(4, '0')}`, 'p_kim00001', '가'.repeat(300)));
    const kept = newestWithin(entries, 8 * 1024);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(50);
    expect(kept.at(-1)?.id).toBe('msg-0049');
    expect(new TextEncoder().encode(JSON.stringify(kept)).byteLength).toBeLessThanOrEqual(8 * 1024);
    expect(newestWithin(entries.slice(0, 2))).toEqual(entries.slice(0, 2));
  });
});
