import { describe, expect, it } from 'vitest';
import { newestWithin } from '../chat/chat-log.ts';
import { MAX_CHAT_LOG, MAX_CHAT_TEXT, type ChatEntry } from './chat.ts';
import { MAX_MESSAGE_BYTES } from './common.ts';
import { MAX_INVITATIONS } from './invitation.ts';
import { parseClientMessage } from './parse.ts';

describe('the chat log in a transfer of control', () => {
  it('the worst log a session can hold, bounded for the handoff, still fits a control.transfer the server accepts', () => {
    // 200 lines of 1000 three-byte characters: ~600 KB as stored; the handoff keeps the newest that fit.
    const log: ChatEntry[] = Array.from({ length: MAX_CHAT_LOG }, (_, i) => ({
      kind: 'text',
      id: `msg-${String(i).padStart(6, '0')}`,
      at: 1_700_000_000_000 + i,
      from: 'p_kim00001',
      name: '김'.repeat(64),
      role: 'customer',
      text: '가'.repeat(MAX_CHAT_TEXT),
    }));
    const chat = newestWithin(log);
    expect(chat.length).toBeGreaterThan(3);
    expect(chat.at(-1)).toEqual(log.at(-1));
    const invitations = Array.from({ length: MAX_INVITATIONS }, (_, i) => ({
      id: `invitation-${i}-${'x'.repeat(20)}`,
      kind: 'customer' as const,
      email: `someone.with.a.long.address.${i}@example.test`,
      status: 'failed' as const,
      reason: 'email_failed' as const,
      at: 1_700_000_000_000,
    }));
    const text = JSON.stringify({ type: 'control.transfer', rid: 'r1', sessionId: 's_session001', participantId: 'p_helen001', handoff: { invitations, chat } });
    expect(new TextEncoder().encode(text).byteLength).toBeLessThan(MAX_MESSAGE_BYTES);
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(true);
  });

  it('an older extension’s handoff without a chat log still parses', () => {
    const parsed = parseClientMessage(JSON.stringify({ type: 'control.transfer', sessionId: 's_session001', participantId: 'p_helen001', handoff: { invitations: [] } }));
    expect(parsed.ok).toBe(true);
  });
});
