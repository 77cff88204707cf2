// A seeded generator of hostile client messages for the bad-input fuzz test
// (issue #10, "Bad input"). Each frame belongs to one category, and the
// generator knows what the sending socket may legitimately do, so that it
// never sends a message that is valid AND allowed AND changes state (a
// customer's own customer.leave, a controller ending its own session…): those
// are re-drawn. What remains must be refused with a typed error, or be a
// harmless valid message (ping, agents.list, a "not sharing" customer.share)
// whose legitimate reply the test counts separately.
import { parseClientMessage, type ParseResult } from '../../src/shared/protocol/parse.ts';
import { CLIENT_MESSAGE_TYPES, type ClientMessage, type ClientMessageType } from '../../src/shared/protocol/wire.ts';

export const FUZZ_CATEGORIES = [
  'not_json',
  'json_non_object',
  'unknown_type',
  'wrong_fields',
  'extra_fields',
  'other_sessions',
  'out_of_role',
  'replayed_tokens',
  'oversized',
  'binary',
] as const;
export type FuzzCategory = (typeof FUZZ_CATEGORIES)[number];

/** mulberry32: tiny, fast, and the same sequence for the same seed on every platform. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

export interface LiveSessionView {
  id: string;
  number: string;
  joinToken: string;
  /** Every participant id, the controller's included. */
  participantIds: string[];
}

/** What the fuzzed server holds: the sessions the messages may name, and access tokens that no longer work. */
export interface FuzzWorld {
  sessions: LiveSessionView[];
  /** Expired, revoked (signed out) and never-issued access tokens, and refresh tokens posing as access tokens. */
  staleAccessTokens: string[];
}

export type SocketRole = 'unauthenticated' | 'customer' | 'controller' | 'assistant' | 'other_rep';

/** One fuzzing socket as the generator sees it: what it may do without being refused. */
export interface SocketView {
  role: SocketRole;
  /** Sessions this socket's user controls. */
  controls: string[];
  /** Sessions this socket assists. */
  assists: string[];
  /** The customer's session. */
  customerOf?: string;
}

export interface FuzzFrame {
  category: FuzzCategory;
  data: string | Buffer;
  /** The local parse of `data` (binary: never parsed): what the server's own parser must conclude. */
  parsed: ParseResult<ClientMessage> | { ok: false; reason: 'malformed'; detail: 'binary' };
}

const REP_TYPES: ClientMessageType[] = [
  'rep.hello',
  'session.start',
  'session.resume',
  'session.end',
  'share.update',
  'support.select',
  'screen.request',
  'participant.admit',
  'participant.deny',
  'invite.send',
  'assistant.join',
  'assistant.leave',
  'control.transfer',
  'agent.status',
  'agents.list',
  'session.handoff',
  'handoff.cancel',
  'offer.accept',
  'offer.decline',
];
const CUSTOMER_TYPES: ClientMessageType[] = ['customer.join', 'customer.leave', 'customer.share', 'screen.refuse'];
const ANYONE_TYPES: ClientMessageType[] = ['signal', 'ping'];

const isRepRole = (role: SocketRole) => role === 'controller' || role === 'assistant' || role === 'other_rep';

/**
 * Whether a message that passes the schema is safe to send from this socket:
 * refused by the server's role checks, or answered without changing anything.
 * The rules mirror the handlers' guards (signaling/ws/guards.ts); if they ever
 * disagree, the fuzz test's before/after snapshot catches it.
 */
export function harmless(message: ClientMessage, view: SocketView, world: FuzzWorld): boolean {
  const rep = isRepRole(view.role);
  const mine = new Set([...view.controls, ...view.assists, ...(view.customerOf ? [view.customerOf] : [])]);
  const reachable = new Set(world.sessions.filter((s) => mine.has(s.id)).flatMap((s) => s.participantIds));
  switch (message.type) {
    case 'ping':
    case 'connection.check': // read-only: ICE servers for a check
    case 'agents.list': // read-only
    case 'agent.status': // none of the fuzzing reps is an agent: forbidden
    case 'offer.accept':
    case 'offer.decline': // no offers exist: offer_gone
    case 'customer.share': // no screen was requested: not_requested, or "ok" for sharing:false while not on stage
    case 'screen.refuse':
      return true;
    case 'rep.hello':
      // On a fresh socket a well-formed token that fails closes the socket; the token test does those one per socket.
      return view.role !== 'unauthenticated';
    case 'session.start':
      return !rep;
    case 'customer.join': {
      if (view.role !== 'unauthenticated') return true; // already_in_session / forbidden
      const session = world.sessions.find((s) => s.number === message.number);
      return !session || (message.token !== undefined && message.token !== session.joinToken);
    }
    case 'customer.leave':
      return view.role !== 'customer';
    case 'assistant.join': {
      if (!rep) return true;
      const session = world.sessions.find((s) => s.number === message.number);
      return !session || view.controls.includes(session.id);
    }
    case 'assistant.leave':
      return !view.assists.includes(message.sessionId);
    case 'signal':
      return !reachable.has(message.to);
    default:
      return !view.controls.includes(message.sessionId);
  }
}

export class FuzzGenerator {
  readonly rng: Rng;
  readonly #world: FuzzWorld;
  /** Drawn messages that were valid, allowed and state-changing, so were drawn again. */
  redrawn = 0;

  constructor(seed: number, world: FuzzWorld) {
    this.rng = new Rng(seed);
    this.#world = world;
  }

  // ---- building blocks ------------------------------------------------------

  #rid(): string | undefined {
    // Never "t<digits>": the test client's own request ids.
    return this.rng.chance(0.7) ? `z${this.rng.string(1 + this.rng.int(12))}` : undefined;
  }

  #randomId(): string {
    return this.rng.pick(['s_', 'p_', 'u_', 'o_', 'q_', '']) + this.rng.string(6 + this.rng.int(20));
  }

  #randomNumber(): string {
    return String(100_000_000 + this.rng.int(899_999_999));
  }

  #randomToken(): string {
    return this.rng.string(22);
  }

  /** A session id, participant id or number from another session than the socket's own, or made up. */
  #foreign(view: SocketView): LiveSessionView | undefined {
    const mine = new Set([...view.controls, ...view.assists, ...(view.customerOf ? [view.customerOf] : [])]);
    const others = this.#world.sessions.filter((s) => !mine.has(s.id));
    return others.length && this.rng.chance(0.6) ? this.rng.pick(others) : undefined;
  }

  #own(view: SocketView): LiveSessionView | undefined {
    const mine = [...view.controls, ...view.assists, ...(view.customerOf ? [view.customerOf] : [])];
    const id = mine.length ? this.rng.pick(mine) : undefined;
    return this.#world.sessions.find((s) => s.id === id);
  }

  #sessionId(view: SocketView, own: boolean): string {
    const session = own ? this.#own(view) : this.#foreign(view);
    return session?.id ?? this.#randomId();
  }

  #participantId(view: SocketView, own: boolean): string {
    const session = own ? this.#own(view) : this.#foreign(view);
    return session?.participantIds.length ? this.rng.pick(session.participantIds) : this.#randomId();
  }

  #number(view: SocketView, own: boolean): string {
    const session = own ? this.#own(view) : this.#foreign(view);
    return session?.number ?? this.#randomNumber();
  }

  #name(): string {
    return this.rng.pick(['Mallory', 'Eve', '<script>alert(1)</script>', 'Ｍａｌｌｏｒｙ', 'Robert"); DROP TABLE users;--', 'a'.repeat(64)]);
  }

  #payload(): unknown {
    return this.rng.chance(0.5)
      ? { kind: 'description', description: { type: this.rng.pick(['offer', 'answer', 'pranswer', 'rollback']), sdp: `v=0\r\no=- ${this.rng.int(1e9)} 2 IN IP4 127.0.0.1\r\n` } }
      : { kind: 'candidate', candidate: this.rng.chance(0.2) ? null : { candidate: `candidate:${this.rng.int(1e6)} 1 udp 2122260223 10.0.0.${this.rng.int(255)} 54400 typ host`, sdpMid: '0', sdpMLineIndex: 0 } };
  }

  /** A structurally valid message of `type`; `own` names the socket's own session (else another's, or made up). */
  build(type: ClientMessageType, view: SocketView, own: boolean): Record<string, unknown> {
    const rid = this.#rid();
    const base = { type, ...(rid !== undefined && { rid }) };
    const sessionId = this.#sessionId(view, own);
    switch (type) {
      case 'rep.hello':
        return { ...base, accessToken: this.rng.chance(0.8) && this.#world.staleAccessTokens.length ? this.rng.pick(this.#world.staleAccessTokens) : this.rng.string(43) };
      case 'session.start':
        return { ...base, ...(this.rng.chance(0.5) && { kind: this.rng.pick(['single', 'multi']) }) };
      case 'session.resume':
      case 'session.end':
      case 'assistant.leave':
      case 'handoff.cancel':
        return { ...base, sessionId };
      case 'share.update':
        return { ...base, sessionId, sharing: this.rng.chance(0.5) };
      case 'support.select':
        return { ...base, sessionId, participantId: this.rng.chance(0.2) ? null : this.#participantId(view, own) };
      case 'screen.request':
      case 'participant.admit':
      case 'participant.deny':
        return { ...base, sessionId, participantId: this.#participantId(view, own) };
      case 'invite.send':
        return { ...base, sessionId, kind: this.rng.pick(['customer', 'rep']), email: `victim${this.rng.int(1000)}@example.test`, locale: this.rng.pick(['en', 'ko']) };
      case 'assistant.join':
        return { ...base, number: this.#number(view, own) };
      case 'control.transfer':
        return { ...base, sessionId, participantId: this.#participantId(view, own), handoff: { invitations: [] } };
      case 'agent.status':
        return { ...base, status: this.rng.pick(['available', 'busy', 'away']) };
      case 'agents.list':
      case 'customer.leave':
      case 'ping':
        return base;
      case 'session.handoff':
        return {
          ...base,
          sessionId,
          target: this.rng.chance(0.5) ? { kind: 'queue', queueId: this.#randomId() } : { kind: 'agents', userIds: [this.#randomId()] },
          ...(this.rng.chance(0.3) && { message: 'x'.repeat(this.rng.int(1000)) }),
        };
      case 'offer.accept':
      case 'offer.decline':
        return { ...base, offerId: this.#randomId() };
      case 'customer.join': {
        const session = own ? this.#own(view) : this.#foreign(view);
        const number = session?.number ?? this.#randomNumber();
        // A token from another session (replayed) or made up; never the session's own.
        const others = this.#world.sessions.filter((s) => s.number !== number);
        const token = others.length && this.rng.chance(0.5) ? this.rng.pick(others).joinToken : this.#randomToken();
        return { ...base, number, token, name: this.#name() };
      }
      case 'connection.check': {
        const session = own ? this.#own(view) : this.#foreign(view);
        const number = session?.number ?? this.#randomNumber();
        return { ...base, number, ...(this.rng.chance(0.7) && { token: this.#randomToken() }) };
      }
      case 'customer.share':
        return { ...base, sharing: this.rng.chance(0.5) };
      case 'screen.refuse':
        return { ...base, reason: this.rng.pick(['share_declined', 'share_unsupported', 'capture_failed']) };
      case 'signal':
        return { ...base, to: this.#participantId(view, false), payload: this.#payload() };
    }
  }

  // ---- mutations that break the schema --------------------------------------

  #wrongValue(): unknown {
    return this.rng.pick<() => unknown>([
      () => this.rng.int(1e6) - 5e5,
      () => this.rng.next() * 1e308,
      () => true,
      () => [],
      () => ({}),
      () => [this.rng.string(8)],
      () => ({ $gt: '' }),
      () => '',
      () => 'x'.repeat(1000 + this.rng.int(30_000)),
      () => '\u0000\u001f\u007f',
      () => '../../etc/passwd',
      () => '1e9999',
    ])();
  }

  #mutate(message: Record<string, unknown>): Record<string, unknown> {
    const fields = Object.keys(message).filter((k) => k !== 'type');
    const out = { ...message };
    const how = fields.length ? this.rng.int(4) : 3;
    const field = fields.length ? this.rng.pick(fields) : 'rid';
    if (how === 0) out[field] = this.#wrongValue();
    else if (how === 1) delete out[field];
    else if (how === 2) out[field] = null;
    else out.rid = this.rng.pick<unknown>([41 + this.rng.int(100), '', 'r'.repeat(41 + this.rng.int(5000)), [], {}]);
    return out;
  }

  // ---- categories -------------------------------------------------------------

  #typesFor(view: SocketView, inRole: boolean): ClientMessageType[] {
    const rep = isRepRole(view.role);
    if (view.role === 'unauthenticated') return inRole ? [...CUSTOMER_TYPES, ...ANYONE_TYPES] : REP_TYPES;
    if (inRole) return rep ? [...REP_TYPES, 'signal'] : [...CUSTOMER_TYPES, 'signal'];
    return rep ? CUSTOMER_TYPES : REP_TYPES;
  }

  /** A structurally valid message that must not be allowed-and-state-changing; re-drawn until it is harmless. */
  #validish(view: SocketView, types: ClientMessageType[], own: boolean): string {
    for (;;) {
      const message = this.build(this.rng.pick(types), view, own);
      const text = JSON.stringify(message);
      const parsed = parseClientMessage(text);
      if (!parsed.ok || harmless(parsed.message, view, this.#world)) return text;
      this.redrawn += 1;
    }
  }

  #notJson(view: SocketView): string {
    const valid = JSON.stringify(this.build(this.rng.pick(CLIENT_MESSAGE_TYPES), view, false));
    return this.rng.pick<() => string>([
      () => valid.slice(0, this.rng.int(valid.length)),
      () => valid.replace(/"/g, "'"),
      () => `${valid.slice(0, -1)},}`,
      () => `\uFEFF${valid}`,
      () => this.rng.string(1 + this.rng.int(200), ' {}[]":,\\truefalsn0123456789.eE+-\u0000\u00ff'),
      () => '',
      () => ' \n\t',
      () => 'NaN',
      () => 'undefined',
      () => `{"type":"ping"}${'}'.repeat(this.rng.int(5) + 1)}`,
      () => '{'.repeat(1 + this.rng.int(20_000)),
    ])();
  }

  #nonObject(): string {
    const depth = 1 + this.rng.int(20_000);
    return this.rng.pick<() => string>([
      () => String(this.rng.int(1e9)),
      () => JSON.stringify(this.rng.string(20)),
      () => '"ping"',
      () => 'null',
      () => 'true',
      () => '[]',
      () => '[{"type":"ping"}]',
      () => '{}',
      () => JSON.stringify({ type: null }),
      () => JSON.stringify({ type: this.rng.int(100) }),
      () => JSON.stringify({ type: ['ping'] }),
      () => JSON.stringify({ type: { toString: 'ping' } }),
      () => `${'['.repeat(depth)}${']'.repeat(depth)}`,
      () => JSON.stringify({ rid: 'x', sessionId: 's_abcdefgh' }),
    ])();
  }

  #unknownType(): string {
    const known = this.rng.pick(CLIENT_MESSAGE_TYPES);
    const type = this.rng.pick<() => string>([
      () => known.toUpperCase(),
      () => `${known} `,
      () => `${known}.x`,
      () => known.replace('.', '_'),
      () => this.rng.string(1 + this.rng.int(30)),
      () => '__proto__',
      () => 'constructor',
      () => 'hasOwnProperty',
      () => 'toString',
      () => '',
      () => 'x'.repeat(65 + this.rng.int(5000)),
      // The server's own message types, sent back to it.
      () => this.rng.pick(['rep.welcome', 'session.started', 'error', 'pong', 'participant.update', 'control.received']),
    ])();
    const rid = this.#rid();
    return JSON.stringify({ type, ...(rid !== undefined && { rid }), sessionId: this.#randomId() });
  }

  #extraFields(view: SocketView): string {
    for (;;) {
      const message = this.build(this.rng.pick(this.#typesFor(view, true)), view, this.rng.chance(0.5));
      const extra = this.rng.pick<[string, unknown]>([
        ['__proto__', { isAdmin: true, kind: 'rep' }],
        ['constructor', { prototype: { polluted: true } }],
        ['prototype', { polluted: true }],
        ['kind', 'rep'],
        ['user', { id: 'u_admin', roles: ['admin'] }],
        ['from', 'p_spoofed_sender'],
        ['padding', 'p'.repeat(1000 + this.rng.int(50_000))],
        ['nested', JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`)],
      ]);
      // JSON.stringify skips a "__proto__" set by assignment; write it into the text.
      const text = `${JSON.stringify(message).slice(0, -1)},${JSON.stringify(extra[0])}:${JSON.stringify(extra[1])}}`;
      const parsed = parseClientMessage(text);
      if (!parsed.ok || harmless(parsed.message, view, this.#world)) return text;
      this.redrawn += 1;
    }
  }

  #replayedToken(view: SocketView): string {
    if (view.role === 'unauthenticated') {
      // A failing well-formed token closes a fresh socket (the token test covers that);
      // here: join tokens of other sessions, and access tokens of the wrong shape.
      if (this.rng.chance(0.6)) return this.#validish(view, ['customer.join'], false);
      // Too short, too long (a stale token padded past the 128-character limit), or empty: malformed.
      const tooLong = (t: string) => t.padEnd(129 + this.rng.int(500), t);
      const token = this.rng.pick([this.rng.string(15), this.rng.string(129 + this.rng.int(500)), ''].concat(this.#world.staleAccessTokens.map(tooLong)));
      return JSON.stringify({ type: 'rep.hello', rid: this.#rid(), accessToken: token });
    }
    return this.#validish(view, ['rep.hello', 'customer.join'], this.rng.chance(0.5));
  }

  #oversized(view: SocketView): string {
    const size = 64 * 1024 + 1 + this.rng.int(200 * 1024);
    const message = this.build(this.rng.pick(CLIENT_MESSAGE_TYPES), view, false);
    return this.rng.chance(0.5)
      ? JSON.stringify({ ...message, padding: 'x'.repeat(size) })
      : JSON.stringify({ type: 'signal', to: this.#randomId(), payload: { kind: 'description', description: { type: 'offer', sdp: 'a'.repeat(size) } } });
  }

  #binary(view: SocketView): Buffer {
    const length = this.rng.int(512);
    return this.rng.chance(0.5)
      ? Buffer.from(JSON.stringify(this.build(this.rng.pick(CLIENT_MESSAGE_TYPES), view, true)))
      : Buffer.from(Array.from({ length }, () => this.rng.int(256)));
  }

  /** One frame of `category` for a socket in `view`. */
  frame(category: FuzzCategory, view: SocketView): FuzzFrame {
    if (category === 'binary') return { category, data: this.#binary(view), parsed: { ok: false, reason: 'malformed', detail: 'binary' } };
    let data: string;
    switch (category) {
      case 'not_json':
        data = this.#notJson(view);
        break;
      case 'json_non_object':
        data = this.#nonObject();
        break;
      case 'unknown_type':
        data = this.#unknownType();
        break;
      case 'wrong_fields': {
        // Retry until the mutation really breaks the schema (e.g. null is fine for a nullable field).
        for (;;) {
          data = JSON.stringify(this.#mutate(this.build(this.rng.pick(CLIENT_MESSAGE_TYPES), view, this.rng.chance(0.5))));
          if (!parseClientMessage(data).ok) break;
        }
        break;
      }
      case 'extra_fields':
        data = this.#extraFields(view);
        break;
      case 'other_sessions':
        data = this.#validish(view, this.#typesFor(view, true), false);
        break;
      case 'out_of_role':
        data = this.#validish(view, this.#typesFor(view, false), this.rng.chance(0.7));
        break;
      case 'replayed_tokens':
        data = this.#replayedToken(view);
        break;
      case 'oversized':
        data = this.#oversized(view);
        break;
    }
    return { category, data, parsed: parseClientMessage(data) };
  }

  /** A category by weight: mostly cheap hostile messages, a few oversized ones. */
  category(): FuzzCategory {
    const roll = this.rng.next();
    if (roll < 0.0004) return 'oversized';
    const rest: FuzzCategory[] = ['not_json', 'json_non_object', 'unknown_type', 'wrong_fields', 'wrong_fields', 'extra_fields', 'other_sessions', 'other_sessions', 'out_of_role', 'out_of_role', 'replayed_tokens', 'binary'];
    return this.rng.pick(rest);
  }
}
