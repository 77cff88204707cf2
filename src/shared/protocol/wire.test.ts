// Every message type of the WebSocket protocol: one valid example is accepted,
// and invalid input is refused with the reason the receiver will report.
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from './common.ts';
import { byteLength, parseClientMessage, parseServerMessage } from './parse.ts';
import { CLIENT_MESSAGE_TYPES, ServerMessage, type ClientMessage, type ClientMessageType, type Handoff } from './wire.ts';

type ServerType = ServerMessage['type'];
type ByType<U extends { type: string }> = { [T in U['type']]: Extract<U, { type: T }> };

const ID = 'p_abcdefghijklmnop';
const SESSION_ID = 's_abcdefghijklmnop';
const TOKEN = 'abcdefghijklmnopqrstuv';
const session = {
  id: SESSION_ID,
  number: '123456789',
  joinToken: TOKEN,
  joinUrl: `http://127.0.0.1:8787/join/123456789?t=${TOKEN}`,
  startedAt: 1,
  kind: 'single',
} as const;
const stage = { participantId: ID, role: 'customer', name: 'Casey' } as const;
const participant = { id: ID, name: 'Casey', role: 'customer', state: 'lobby', joinedAt: 2 } as const;
const offer = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } } as const;
const ASSISTANT_ID = 'p_assistant00001';
const invitation = { id: 'i_1', kind: 'customer', email: 'casey@example.com', status: 'sent', at: 4 } as const;
const QUEUE_ID = 'q_abcdefghijklmnop';
const OFFER_ID = 'o_abcdefghijklmnop';
const USER_ID = 'u_abcdefghijklmnop';
const handoff: Handoff = {
  invitations: [invitation, { id: 'i_2', kind: 'rep', email: '', status: 'failed', reason: 'email_disabled', at: 5 }],
};

// The mapped types make a missing example a compile error when a message is added.
const validClient: ByType<ClientMessage> = {
  'rep.hello': { type: 'rep.hello', rid: 'r1', accessToken: 'a'.repeat(43) },
  'session.start': { type: 'session.start', rid: 'r2' },
  'session.resume': { type: 'session.resume', sessionId: SESSION_ID },
  'session.end': { type: 'session.end', sessionId: SESSION_ID },
  'share.update': { type: 'share.update', sessionId: SESSION_ID, sharing: true },
  'support.select': { type: 'support.select', rid: 'r8', sessionId: SESSION_ID, participantId: ID },
  'screen.request': { type: 'screen.request', sessionId: SESSION_ID, participantId: ID },
  'customer.share': { type: 'customer.share', rid: 'r9', sharing: true },
  'screen.refuse': { type: 'screen.refuse', reason: 'share_unsupported' },
  'participant.admit': { type: 'participant.admit', sessionId: SESSION_ID, participantId: ID },
  'participant.deny': { type: 'participant.deny', sessionId: SESSION_ID, participantId: ID },
  'customer.join': { type: 'customer.join', number: '123456789', token: TOKEN, name: 'Casey' },
  'customer.leave': { type: 'customer.leave' },
  'invite.send': { type: 'invite.send', rid: 'r6', sessionId: SESSION_ID, kind: 'customer', email: 'casey@example.com', locale: 'ko' },
  'assistant.join': { type: 'assistant.join', rid: 'r7', number: '123456789' },
  'assistant.leave': { type: 'assistant.leave', sessionId: SESSION_ID },
  'control.transfer': { type: 'control.transfer', rid: 'r10', sessionId: SESSION_ID, participantId: ASSISTANT_ID, handoff },
  'agent.status': { type: 'agent.status', rid: 'r11', status: 'away' },
  'agents.list': { type: 'agents.list', rid: 'r12' },
  'session.handoff': {
    type: 'session.handoff',
    rid: 'r13',
    sessionId: SESSION_ID,
    target: { kind: 'queue', queueId: QUEUE_ID },
    message: 'VIP: printer issue',
    handoff,
  },
  'handoff.cancel': { type: 'handoff.cancel', sessionId: SESSION_ID },
  'offer.accept': { type: 'offer.accept', rid: 'r14', offerId: OFFER_ID },
  'offer.decline': { type: 'offer.decline', offerId: OFFER_ID },
  signal: { type: 'signal', to: ID, payload: { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ host', sdpMid: '0' } } },
  ping: { type: 'ping', rid: 'r3' },
  'connection.check': { type: 'connection.check', rid: 'r15', number: '123456789', token: 'abcdefghijklmnopqrstuv' },
};

/** For each type, a near-miss that must be refused as malformed. */
const malformedClient: Record<ClientMessageType, unknown> = {
  'rep.hello': { type: 'rep.hello', accessToken: 'short' },
  'session.start': { type: 'session.start', rid: '' },
  'session.resume': { type: 'session.resume', sessionId: 'bad id!' },
  'session.end': { type: 'session.end' },
  'share.update': { type: 'share.update', sessionId: SESSION_ID, sharing: 'yes' },
  'support.select': { type: 'support.select', sessionId: SESSION_ID, participantId: 'not an id!' },
  'screen.request': { type: 'screen.request', sessionId: SESSION_ID, participantId: null },
  'customer.share': { type: 'customer.share' },
  'screen.refuse': { type: 'screen.refuse', reason: 'busy' },
  'participant.admit': { type: 'participant.admit', sessionId: SESSION_ID },
  'participant.deny': { type: 'participant.deny', sessionId: SESSION_ID, participantId: 42 },
  'customer.join': { type: 'customer.join', number: '012345678', name: 'Casey' },
  'customer.leave': { type: 'customer.leave', rid: 'x'.repeat(41) },
  'invite.send': { type: 'invite.send', sessionId: SESSION_ID, kind: 'colleague', email: 'bo@example.com', locale: 'en' },
  'assistant.join': { type: 'assistant.join', number: '12345678' },
  'assistant.leave': { type: 'assistant.leave' },
  'control.transfer': { type: 'control.transfer', sessionId: SESSION_ID, participantId: ASSISTANT_ID },
  'agent.status': { type: 'agent.status', status: 'offline' },
  'agents.list': { type: 'agents.list', rid: 12 },
  'session.handoff': { type: 'session.handoff', sessionId: SESSION_ID, target: { kind: 'agents', userIds: [] } },
  'handoff.cancel': { type: 'handoff.cancel' },
  'offer.accept': { type: 'offer.accept', offerId: 'not an id!' },
  'offer.decline': { type: 'offer.decline' },
  signal: { type: 'signal', to: ID, payload: { kind: 'telepathy' } },
  ping: { type: 'ping', rid: 7 },
  'connection.check': { type: 'connection.check', number: '12345' },
};

const validServer: ByType<ServerMessage> = {
  'rep.welcome': {
    type: 'rep.welcome',
    rid: 'r1',
    user: { id: 'u_abcdefghijklmnop', email: 'rep@example.com', name: 'Alex' },
    iceServers: [{ urls: 'stun:stun.example.com' }],
    sessionMode: 'both',
    emailMode: 'server',
  },
  'session.started': { type: 'session.started', rid: 'r2', session },
  'invite.sent': { type: 'invite.sent', rid: 'r6', invitation: { id: 'i_abcdefghijklmnop', kind: 'rep', email: 'bo@example.com', sentAt: 3 } },
  'assistant.joined': {
    type: 'assistant.joined',
    rid: 'r7',
    sessionId: SESSION_ID,
    number: '123456789',
    participantId: 'p_assistant00001',
    controllerName: 'Alex',
    participants: [participant, { id: 'p_assistant00001', name: 'Bo', role: 'assistant', state: 'connected', joinedAt: 3 }],
    sharing: true,
    iceServers: [],
    selectedId: ID,
    stage: { participantId: 'p_controller0001', role: 'controller', name: 'Alex' },
  },
  'session.resumed': { type: 'session.resumed', session, participants: [participant], sharing: false, selectedId: null, stage: null },
  'session.ended': { type: 'session.ended', sessionId: SESSION_ID, reason: 'rep_gone' },
  'customer.joined': {
    type: 'customer.joined',
    sessionId: SESSION_ID,
    participantId: ID,
    repName: 'Alex',
    state: 'lobby',
    sharing: false,
    iceServers: [],
    selected: false,
    stage: null,
  },
  'customer.admitted': { type: 'customer.admitted', sessionId: SESSION_ID },
  'participant.update': { type: 'participant.update', sessionId: SESSION_ID, participant },
  'share.state': { type: 'share.state', sessionId: SESSION_ID, sharing: true, stage },
  'support.selected': { type: 'support.selected', sessionId: SESSION_ID, participantId: ID, sharesStopped: true },
  'control.transferred': {
    type: 'control.transferred',
    sessionId: SESSION_ID,
    controller: { participantId: ASSISTANT_ID, name: 'Bo' },
    previous: { participantId: 'p_controller0001', name: 'Alex' },
    reason: 'transfer',
  },
  'control.received': {
    type: 'control.received',
    sessionId: SESSION_ID,
    session,
    participants: [{ id: ASSISTANT_ID, name: 'Bo', role: 'controller', state: 'connected', joinedAt: 3 }, participant],
    selectedId: ID,
    stage: null,
    handoff,
  },
  'control.released': {
    type: 'control.released',
    sessionId: SESSION_ID,
    number: '123456789',
    participantId: 'p_controller0001',
    controllerName: 'Bo',
    participants: [{ id: 'p_controller0001', name: 'Alex', role: 'assistant', state: 'connected', joinedAt: 1 }],
    sharing: false,
    iceServers: [{ urls: ['stun:stun.example.com'] }],
    selectedId: null,
    stage: null,
  },
  'screen.requested': { type: 'screen.requested', sessionId: SESSION_ID, repName: 'Alex' },
  'session.notice': {
    type: 'session.notice',
    sessionId: SESSION_ID,
    notice: { kind: 'customer_refused', name: 'Casey', reason: 'session_full' },
  },
  'agents.listed': {
    type: 'agents.listed',
    rid: 'r15',
    queues: [{ id: QUEUE_ID, name: 'Billing' }],
    agents: [{ userId: USER_ID, name: 'Kim Agent', status: 'offline' }],
  },
  'agent.status': { type: 'agent.status', rid: 'r16', status: 'available' },
  'agent.offer': {
    type: 'agent.offer',
    offerId: OFFER_ID,
    sessionId: SESSION_ID,
    number: '123456789',
    fromName: 'Alex',
    customers: ['Casey'],
    message: 'VIP',
    queueId: QUEUE_ID,
    expiresAt: 30_000,
  },
  'offer.withdrawn': { type: 'offer.withdrawn', offerId: OFFER_ID, reason: 'accepted_elsewhere' },
  'handoff.state': { type: 'handoff.state', sessionId: SESSION_ID, state: 'queued', queueId: QUEUE_ID, position: 2 },
  signal: { type: 'signal', from: ID, payload: offer },
  ok: { type: 'ok', rid: 'r4' },
  pong: { type: 'pong' },
  'connection.checked': { type: 'connection.checked', rid: 'r6', iceServers: [{ urls: 'stun:stun.example.test:3478' }] },
  error: { type: 'error', rid: 'r5', reason: 'forbidden', message: 'no', inReplyTo: 'session.end' },
};

const malformedServer: Record<ServerType, unknown> = {
  'rep.welcome': { type: 'rep.welcome', user: { id: 'u_abcdefghijklmnop', email: 'rep@example.com' }, iceServers: [] },
  'session.started': { type: 'session.started', session: { ...session, joinUrl: 'not a url' } },
  'invite.sent': { type: 'invite.sent', invitation: { id: 'i_abcdefghijklmnop', kind: 'colleague', email: 'bo@example.com', sentAt: 3 } },
  'assistant.joined': {
    type: 'assistant.joined',
    sessionId: SESSION_ID,
    number: '123456789',
    participantId: ID,
    controllerName: 'Alex',
    participants: [{ ...participant, role: 'observer' }],
    sharing: false,
    iceServers: [],
    selectedId: null,
    stage: null,
  },
  'session.resumed': { type: 'session.resumed', session, participants: [{ ...participant, state: 'gone' }], sharing: false, selectedId: null, stage: null },
  'session.ended': { type: 'session.ended', sessionId: SESSION_ID, reason: 'bored' },
  'customer.joined': {
    type: 'customer.joined',
    sessionId: SESSION_ID,
    participantId: ID,
    repName: 'Alex',
    state: 'left',
    sharing: false,
    iceServers: [],
    selected: false,
    stage: null,
  },
  'customer.admitted': { type: 'customer.admitted' },
  'participant.update': { type: 'participant.update', sessionId: SESSION_ID, participant: { ...participant, name: '' } },
  'share.state': { type: 'share.state', sessionId: SESSION_ID },
  'support.selected': { type: 'support.selected', sessionId: SESSION_ID, participantId: ID },
  'control.transferred': {
    type: 'control.transferred',
    sessionId: SESSION_ID,
    controller: { participantId: ASSISTANT_ID, name: 'Bo' },
    previous: { participantId: 'p_controller0001', name: 'Alex' },
    reason: 'crash',
  },
  'control.received': {
    type: 'control.received',
    sessionId: SESSION_ID,
    session,
    participants: [],
    selectedId: null,
    stage: null,
  },
  'control.released': {
    type: 'control.released',
    sessionId: SESSION_ID,
    number: '123456789',
    participantId: 'p_controller0001',
    controllerName: 'Bo',
    participants: [],
    iceServers: [],
    selectedId: null,
    stage: null,
  },
  'screen.requested': { type: 'screen.requested', repName: 'Alex' },
  'session.notice': { type: 'session.notice', sessionId: SESSION_ID, notice: { kind: 'customer_refused', name: '<b>', reason: 'full' } },
  'agents.listed': { type: 'agents.listed', queues: [], agents: [{ userId: USER_ID, name: 'Kim', status: 'lunch' }] },
  'agent.status': { type: 'agent.status', status: 'offline' },
  'agent.offer': { type: 'agent.offer', offerId: OFFER_ID, sessionId: SESSION_ID, number: '123456789', fromName: 'Alex', customers: [], message: 'x'.repeat(346), expiresAt: 1 },
  'offer.withdrawn': { type: 'offer.withdrawn', offerId: OFFER_ID, reason: 'declined' },
  'handoff.state': { type: 'handoff.state', sessionId: SESSION_ID, state: 'queued', position: 0 },
  signal: { type: 'signal', payload: offer },
  ok: { type: 'ok', rid: 5 },
  pong: { type: 'pong', rid: '' },
  'connection.checked': { type: 'connection.checked', iceServers: [{ urls: 42 }] },
  error: { type: 'error', reason: 'oops', message: 'no' },
};

/** The message with a padding field that takes it over the size limit. */
function oversized(message: object): string {
  const text = JSON.stringify({ ...message, padding: 'x'.repeat(MAX_MESSAGE_BYTES) });
  expect(byteLength(text)).toBeGreaterThan(MAX_MESSAGE_BYTES);
  return text;
}

describe('client → server messages', () => {
  it('has an example for every type', () => {
    expect(Object.keys(validClient).sort()).toEqual([...CLIENT_MESSAGE_TYPES].sort());
    expect(Object.keys(malformedClient).sort()).toEqual([...CLIENT_MESSAGE_TYPES].sort());
  });

  describe.each(CLIENT_MESSAGE_TYPES)('%s', (type) => {
    it('accepts a valid example as is', () => {
      const result = parseClientMessage(JSON.stringify(validClient[type]));
      expect(result).toEqual({ ok: true, message: validClient[type] });
    });

    it('refuses a near miss as malformed, naming the type', () => {
      const result = parseClientMessage(JSON.stringify(malformedClient[type]));
      expect(result).toMatchObject({ ok: false, reason: 'malformed', type });
    });

    it('refuses it over 64 KiB as too_large', () => {
      expect(parseClientMessage(oversized(validClient[type]))).toMatchObject({ ok: false, reason: 'too_large' });
    });
  });

  it('refuses server-only and made-up types as unknown_type, keeping type and rid', () => {
    const serverOnly = ServerMessage.options.map((o) => o.shape.type.value).filter((t) => !CLIENT_MESSAGE_TYPES.includes(t as ClientMessageType));
    expect(serverOnly.length).toBeGreaterThan(0);
    for (const type of [...serverOnly, 'session.start2', 'SESSION.START']) {
      expect(parseClientMessage(JSON.stringify({ type, rid: 'r9' }))).toMatchObject({ ok: false, reason: 'unknown_type', type, rid: 'r9' });
    }
  });
});

describe('server → client messages', () => {
  const serverTypes = ServerMessage.options.map((o) => o.shape.type.value);

  it('has an example for every type', () => {
    expect(Object.keys(validServer).sort()).toEqual([...serverTypes].sort());
    expect(Object.keys(malformedServer).sort()).toEqual([...serverTypes].sort());
  });

  describe.each(serverTypes)('%s', (type) => {
    it('accepts a valid example as is', () => {
      expect(parseServerMessage(JSON.stringify(validServer[type]))).toEqual({ ok: true, message: validServer[type] });
    });

    it('refuses a near miss as malformed, naming the type', () => {
      expect(parseServerMessage(JSON.stringify(malformedServer[type]))).toMatchObject({ ok: false, reason: 'malformed', type });
    });

    it('refuses it over 64 KiB as too_large', () => {
      expect(parseServerMessage(oversized(validServer[type]))).toMatchObject({ ok: false, reason: 'too_large' });
    });
  });

  it('rep.welcome: sessionMode is optional (older servers omit it) but must be a known mode', () => {
    const { sessionMode: _mode, ...withoutMode } = validServer['rep.welcome'];
    expect(parseServerMessage(JSON.stringify(withoutMode))).toEqual({ ok: true, message: withoutMode });
    expect(parseServerMessage(JSON.stringify({ ...withoutMode, sessionMode: 'tabs' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('rep.welcome: emailMode is optional (older servers omit it) but must be a known mode', () => {
    const { emailMode: _mode, ...withoutMode } = validServer['rep.welcome'];
    expect(parseServerMessage(JSON.stringify(withoutMode))).toEqual({ ok: true, message: withoutMode });
    expect(parseServerMessage(JSON.stringify({ ...withoutMode, emailMode: 'smtp' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('refuses client-only and made-up types as unknown_type', () => {
    for (const type of ['rep.hello', 'customer.join', 'welcome']) {
      expect(parseServerMessage(JSON.stringify({ type }))).toMatchObject({ ok: false, reason: 'unknown_type', type });
    }
  });
});

describe('several customers (issue #6)', () => {
  it('session.start: kind is optional but must be a known kind', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'session.start', kind: 'multi' }))).toEqual({ ok: true, message: { type: 'session.start', kind: 'multi' } });
    expect(parseClientMessage(JSON.stringify({ type: 'session.start', kind: 'both' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('support.select: null selects nobody; the id must be an id and present', () => {
    const select = { type: 'support.select', sessionId: SESSION_ID, participantId: null };
    expect(parseClientMessage(JSON.stringify(select))).toEqual({ ok: true, message: select });
    expect(parseClientMessage(JSON.stringify({ type: 'support.select', sessionId: SESSION_ID }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseClientMessage(JSON.stringify({ ...select, participantId: 7 }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseClientMessage(JSON.stringify({ ...select, sessionId: null }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('customer.share and screen.refuse: sharing is a boolean, the reason one of three', () => {
    expect(parseClientMessage(JSON.stringify({ type: 'customer.share', sharing: 'true' }))).toMatchObject({ ok: false, reason: 'malformed' });
    for (const reason of ['share_declined', 'share_unsupported', 'capture_failed']) {
      expect(parseClientMessage(JSON.stringify({ type: 'screen.refuse', reason }))).toMatchObject({ ok: true });
    }
    expect(parseClientMessage(JSON.stringify({ type: 'screen.refuse', reason: 'forbidden' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('share.state: stage is null or a controller/customer with a name; session info carries its kind (single by default)', () => {
    const state = { type: 'share.state', sessionId: SESSION_ID, sharing: false, stage: null };
    expect(parseServerMessage(JSON.stringify(state))).toEqual({ ok: true, message: state });
    expect(parseServerMessage(JSON.stringify({ ...state, stage: { ...stage, role: 'assistant' } }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseServerMessage(JSON.stringify({ ...state, stage: { ...stage, name: 'x'.repeat(65) } }))).toMatchObject({ ok: false, reason: 'malformed' });
    const started = { type: 'session.started', session: { ...session, kind: 'tabs' } };
    expect(parseServerMessage(JSON.stringify(started))).toMatchObject({ ok: false, reason: 'malformed' });
    // What older servers sent (and older stored sessions hold) meant a single session.
    const { kind: _kind, ...withoutKind } = session;
    expect(parseServerMessage(JSON.stringify({ type: 'session.started', session: withoutKind }))).toEqual({
      ok: true,
      message: { type: 'session.started', session: { ...withoutKind, kind: 'single' } },
    });
  });

  it('session.notice: screen_refused carries one of the three reasons', () => {
    const notice = { type: 'session.notice', sessionId: SESSION_ID, notice: { kind: 'screen_refused', name: 'Casey', reason: 'share_declined' } };
    expect(parseServerMessage(JSON.stringify(notice))).toEqual({ ok: true, message: notice });
    const wrong = { ...notice, notice: { ...notice.notice, reason: 'session_full' } };
    expect(parseServerMessage(JSON.stringify(wrong))).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('transfer of control (issue #7)', () => {
  const transfer = validClient['control.transfer'];

  it('control.transfer: the handoff carries at most 20 valid invitations', () => {
    const twenty = { ...transfer, handoff: { invitations: Array.from({ length: 20 }, (_, i) => ({ ...invitation, id: `i_${i}` })) } };
    expect(parseClientMessage(JSON.stringify(twenty))).toEqual({ ok: true, message: twenty });
    const empty = { ...transfer, handoff: { invitations: [] } };
    expect(parseClientMessage(JSON.stringify(empty))).toEqual({ ok: true, message: empty });
    for (const invitations of [
      [...twenty.handoff.invitations, { ...invitation, id: 'i_20' }],
      [{ ...invitation, status: 'lost' }],
      [{ ...invitation, kind: 'colleague' }],
      [{ ...invitation, email: 'not an address' }],
      [{ ...invitation, reason: 'bored' }],
      [{ ...invitation, id: 'x'.repeat(41) }],
      [{ ...invitation, at: 'yesterday' }],
      'none',
    ]) {
      const bad = { ...transfer, handoff: { invitations } };
      expect(parseClientMessage(JSON.stringify(bad))).toMatchObject({ ok: false, reason: 'malformed', type: 'control.transfer' });
    }
    expect(parseClientMessage(JSON.stringify({ ...transfer, participantId: null }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseClientMessage(JSON.stringify({ ...transfer, sessionId: 'bad id!' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('control.transfer: the handoff may say a voice call is running (S20), and nothing else about it', () => {
    const withCall = { ...transfer, handoff: { ...handoff, call: { running: true } } };
    expect(parseClientMessage(JSON.stringify(withCall))).toEqual({ ok: true, message: withCall });
    for (const call of [{ running: false }, { running: 'yes' }, { running: true, camera: true }, {}, true, null]) {
      const bad = { ...transfer, handoff: { ...handoff, call } };
      expect(parseClientMessage(JSON.stringify(bad))).toMatchObject({ ok: false, reason: 'malformed', type: 'control.transfer' });
    }
  });

  it('control.transferred: the reason is a transfer or a gone controller; both names are given', () => {
    const transferred = validServer['control.transferred'];
    const gone = { ...transferred, reason: 'controller_gone' };
    expect(parseServerMessage(JSON.stringify(gone))).toEqual({ ok: true, message: gone });
    const { previous: _previous, ...withoutPrevious } = transferred;
    expect(parseServerMessage(JSON.stringify(withoutPrevious))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseServerMessage(JSON.stringify({ ...transferred, controller: { participantId: ASSISTANT_ID } }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('control.received: the handoff is validated like the one sent; control.released carries the ICE servers', () => {
    const received = validServer['control.received'];
    expect(parseServerMessage(JSON.stringify({ ...received, handoff: { invitations: [{ ...invitation, status: 'lost' }] } }))).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(parseServerMessage(JSON.stringify({ ...received, session: { ...session, joinUrl: 'nope' } }))).toMatchObject({ ok: false, reason: 'malformed' });
    const released = validServer['control.released'];
    expect(parseServerMessage(JSON.stringify({ ...released, iceServers: [{ urls: 7 }] }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseServerMessage(JSON.stringify({ ...released, number: '12345' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('parse edge cases', () => {
  it.each([
    ['not JSON', '{type: "ping"}'],
    ['empty text', ''],
    ['truncated JSON', '{"type":"ping"'],
  ])('%s → malformed', (_what, text) => {
    expect(parseClientMessage(text)).toMatchObject({ ok: false, reason: 'malformed', detail: 'not valid JSON' });
  });

  it.each([
    ['an array', '[{"type":"ping"}]'],
    ['null', 'null'],
    ['a string', '"ping"'],
    ['a number', '42'],
    ['no type', '{"rid":"r1"}'],
    ['a non-string type', '{"type":5}'],
  ])('%s → malformed', (_what, text) => {
    expect(parseClientMessage(text)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('keeps the rid of a message without a type so the error can carry it', () => {
    expect(parseClientMessage('{"rid":"r1"}')).toMatchObject({ ok: false, reason: 'malformed', rid: 'r1' });
  });

  it('does not echo an overlong rid', () => {
    const result = parseClientMessage(JSON.stringify({ type: 'nope', rid: 'x'.repeat(41) }));
    expect(result).toMatchObject({ ok: false, reason: 'unknown_type' });
    expect(result).not.toHaveProperty('rid');
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    // 22,000 three-byte characters: under 64 Ki characters, over 64 KiB.
    const text = JSON.stringify({ type: 'ping', rid: 'r1', note: '\u20ac'.repeat(22_000) });
    expect(text.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(parseClientMessage(text)).toMatchObject({ ok: false, reason: 'too_large' });
  });

  it('accepts a message exactly at the limit', () => {
    const base = JSON.stringify({ type: 'ping', rid: 'r1', note: '' });
    const text = JSON.stringify({ type: 'ping', rid: 'r1', note: 'x'.repeat(MAX_MESSAGE_BYTES - base.length) });
    expect(byteLength(text)).toBe(MAX_MESSAGE_BYTES);
    // zod strips the unknown `note` field: only declared fields reach a handler.
    expect(parseClientMessage(text)).toEqual({ ok: true, message: { type: 'ping', rid: 'r1' } });
  });

  it('invite.send: trims and lower-cases the address, and refuses a bad one or another language', () => {
    const invite = { type: 'invite.send', sessionId: SESSION_ID, kind: 'rep', email: '  Bo@Example.COM ', locale: 'en' };
    expect(parseClientMessage(JSON.stringify(invite))).toMatchObject({ ok: true, message: { email: 'bo@example.com' } });
    expect(parseClientMessage(JSON.stringify({ ...invite, email: 'bo at example.com' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseClientMessage(JSON.stringify({ ...invite, locale: 'fr' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('trims names and refuses control characters in them', () => {
    const join = { type: 'customer.join', number: '123456789', name: '  Casey  ' };
    expect(parseClientMessage(JSON.stringify(join))).toMatchObject({ ok: true, message: { name: 'Casey' } });
    expect(parseClientMessage(JSON.stringify({ ...join, name: 'Ca\u0007sey' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('WebACD (issue #8)', () => {
  const handoffOf = (extra: Record<string, unknown>) =>
    parseClientMessage(JSON.stringify({ type: 'session.handoff', sessionId: SESSION_ID, target: { kind: 'queue', queueId: QUEUE_ID }, ...extra }));

  it('session.handoff: a queue or 1–20 agents; the handoff is optional', () => {
    expect(handoffOf({}).ok).toBe(true);
    expect(handoffOf({ target: { kind: 'agents', userIds: [USER_ID] } }).ok).toBe(true);
    expect(handoffOf({ target: { kind: 'agents', userIds: Array(20).fill(USER_ID) } }).ok).toBe(true);
    expect(handoffOf({ target: { kind: 'agents', userIds: Array(21).fill(USER_ID) } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(handoffOf({ target: { kind: 'queue' } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(handoffOf({ target: { kind: 'team', queueId: QUEUE_ID } })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(handoffOf({ handoff: { invitations: 'none' } })).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('session.handoff: a message over 345 characters still parses (the server refuses it with message_too_long), over 2000 does not', () => {
    expect(handoffOf({ message: 'x'.repeat(345) }).ok).toBe(true);
    expect(handoffOf({ message: 'x'.repeat(346) }).ok).toBe(true);
    expect(handoffOf({ message: 'x'.repeat(2001) })).toMatchObject({ ok: false, reason: 'malformed' });
    expect(handoffOf({ message: 42 })).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('agent.status: one of available, busy, away', () => {
    for (const status of ['available', 'busy', 'away']) expect(parseClientMessage(JSON.stringify({ type: 'agent.status', status })).ok).toBe(true);
    expect(parseClientMessage(JSON.stringify({ type: 'agent.status', status: 'offline' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseClientMessage(JSON.stringify({ type: 'agent.status' }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('agent.offer: the message is at most 345 characters and optional', () => {
    const base = validServer['agent.offer'];
    expect(parseServerMessage(JSON.stringify({ ...base, message: 'x'.repeat(345) })).ok).toBe(true);
    const { message: _omitted, ...withoutMessage } = base;
    expect(parseServerMessage(JSON.stringify(withoutMessage)).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ ...base, message: 'x'.repeat(346) }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('handoff.state: every state, position from 1, queueId optional (customers get none)', () => {
    for (const state of ['offered', 'queued', 'accepted', 'cancelled']) {
      expect(parseServerMessage(JSON.stringify({ type: 'handoff.state', sessionId: SESSION_ID, state })).ok).toBe(true);
    }
    expect(parseServerMessage(JSON.stringify({ type: 'handoff.state', sessionId: SESSION_ID, state: 'queued', position: 1 })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'handoff.state', sessionId: SESSION_ID, state: 'lost' }))).toMatchObject({ ok: false, reason: 'malformed' });
    expect(parseServerMessage(JSON.stringify({ type: 'handoff.state', sessionId: SESSION_ID, state: 'queued', position: 1.5 }))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('offer.withdrawn: accepted elsewhere, expired or cancelled; agents.listed: offline is a presence', () => {
    for (const reason of ['accepted_elsewhere', 'expired', 'cancelled']) {
      expect(parseServerMessage(JSON.stringify({ type: 'offer.withdrawn', offerId: OFFER_ID, reason })).ok).toBe(true);
    }
    for (const status of ['available', 'busy', 'away', 'offline']) {
      expect(parseServerMessage(JSON.stringify({ type: 'agents.listed', queues: [], agents: [{ userId: USER_ID, name: 'Kim', status }] })).ok).toBe(true);
    }
  });

  it('the new error reasons are known', () => {
    for (const reason of ['message_too_long', 'no_such_queue', 'no_agent_available', 'handoff_pending', 'offer_gone']) {
      expect(parseServerMessage(JSON.stringify({ type: 'error', reason, message: 'no' })).ok).toBe(true);
    }
  });
});
