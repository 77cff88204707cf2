import { describe, expect, it } from 'vitest';
import { MAX_CHAT_TEXT } from './chat.ts';
import { MAX_CHANNEL_BYTES, newChatId, parseChannelMessage, sendOnChannel } from './channel.ts';

describe('session channel messages', () => {
  it('accepts a chat line and keeps markup as plain text', () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const parsed = parseChannelMessage(JSON.stringify({ type: 'chat.send', id: newChatId(), text }));
    expect(parsed).toEqual({ ok: true, message: { type: 'chat.send', id: expect.any(String), text } });
  });

  it('refuses, with a typed reason, what is not a valid message', () => {
    expect(parseChannelMessage(new ArrayBuffer(4))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseChannelMessage('{not json')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseChannelMessage(JSON.stringify({ type: 'chat.send', id: 'bad id!', text: 'x' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseChannelMessage(JSON.stringify({ type: 'chat.send', id: newChatId(), text: '   ' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseChannelMessage(JSON.stringify({ type: 'chat.send', id: newChatId(), text: 'x'.repeat(MAX_CHAT_TEXT + 1) }))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(parseChannelMessage(JSON.stringify({ type: 'nope' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseChannelMessage('x'.repeat(MAX_CHANNEL_BYTES + 1))).toMatchObject({ ok: false, reason: 'too_large' });
    // Under the limit in characters, over it in UTF-8 bytes.
    expect(parseChannelMessage('가'.repeat(MAX_CHANNEL_BYTES / 2))).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('accepts marks with coordinates in 0..1 only', () => {
    const stroke = { id: newChatId(), tool: 'draw', color: '#ff0000', points: [[0, 0], [0.5, 1]] };
    expect(parseChannelMessage(JSON.stringify({ type: 'mark.stroke', stroke }))).toMatchObject({ ok: true });
    expect(parseChannelMessage(JSON.stringify({ type: 'mark.stroke', stroke: { ...stroke, points: [[1.5, 0]] } }))).toMatchObject({ ok: false });
    expect(parseChannelMessage(JSON.stringify({ type: 'mark.stroke', stroke: { ...stroke, color: 'red' } }))).toMatchObject({ ok: false });
    expect(parseChannelMessage(JSON.stringify({ type: 'mark.clear' }))).toEqual({ ok: true, message: { type: 'mark.clear' } });
  });

  it('sends only on an open channel', () => {
    const sent: string[] = [];
    const channel = { readyState: 'connecting' as RTCDataChannelState, send: (data: string) => void sent.push(data) };
    expect(sendOnChannel(channel, { type: 'mark.clear' })).toBe(false);
    expect(sendOnChannel(null, { type: 'mark.clear' })).toBe(false);
    channel.readyState = 'open';
    expect(sendOnChannel(channel, { type: 'mark.clear' })).toBe(true);
    expect(sent).toEqual(['{"type":"mark.clear"}']);
  });
});
