import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalPayload } from '../shared/protocol/common.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import type { ConnectionStatus } from '../shared/protocol/runtime.ts';
import type { ServerMessage } from '../shared/protocol/wire.ts';
import { ServerConnection, socketUrl, type ServerConnectionOptions } from './server-connection.ts';
import {
  ACCESS_TOKEN,
  ICE_SERVERS,
  ManualTimers,
  SERVER_URL,
  fakeWebSockets,
  flush,
  sessionInfo,
  welcome,
  type FakeWebSocket,
} from './test-fakes.ts';

const SESSION_ID = sessionInfo().id;
const offer: SignalPayload = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\n' } };

function setup(over: Partial<ServerConnectionOptions> = {}) {
  const timers = new ManualTimers();
  const ws = fakeWebSockets();
  const statuses: ConnectionStatus[] = [];
  const received: ServerMessage[] = [];
  const credentials: { current: { serverUrl: string; accessToken: string } | undefined } = {
    current: { serverUrl: SERVER_URL, accessToken: ACCESS_TOKEN },
  };
  const onReady = vi.fn<ServerConnectionOptions['onReady']>(async () => {});
  const onUnauthenticated = vi.fn();
  // Attempt n waits n seconds: easy to tell apart, and no randomness.
  const policy = { nextDelay: vi.fn((attempt: number) => attempt * 1_000) };
  const connection = new ServerConnection({
    credentials: () => credentials.current,
    onReady,
    onMessage: (message) => received.push(message),
    onStatus: (status) => statuses.push(status),
    onUnauthenticated,
    policy,
    timers,
    WebSocketImpl: ws.WebSocketImpl,
    ...over,
  });
  return { connection, timers, ws, statuses, received, credentials, onReady, onUnauthenticated, policy };
}
type Setup = ReturnType<typeof setup>;

/** Open the socket want() made and answer its rep.hello with rep.welcome. */
async function welcomeOn(socket: FakeWebSocket): Promise<void> {
  socket.open();
  socket.deliver(welcome(socket.lastOf('rep.hello').rid));
  await flush();
}

/** want(), open, welcome: the connection online and its socket. */
async function online(t: Setup): Promise<FakeWebSocket> {
  t.connection.want();
  const socket = t.ws.last();
  await welcomeOn(socket);
  expect(t.connection.online).toBe(true);
  return socket;
}

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('socketUrl', () => {
  it.each([
    ['http://127.0.0.1:8787', 'ws://127.0.0.1:8787/ws'],
    ['https://help.example.test', 'wss://help.example.test/ws'],
    ['https://help.example.test:8443/', 'wss://help.example.test:8443/ws'],
    ['http://example.test/some/path', 'ws://example.test/ws'],
  ])('%s → %s', (serverUrl, expected) => {
    expect(socketUrl(serverUrl)).toBe(expected);
  });
});

describe('ServerConnection', () => {
  describe('connecting', () => {
    it('want() opens ws://host/ws and says connecting; nothing is sent before the socket opens', () => {
      const t = setup();
      t.connection.want();
      expect(t.ws.sockets.map((s) => s.url)).toEqual(['ws://support.example.test:8787/ws']);
      expect(t.statuses).toEqual(['connecting']);
      expect(t.ws.last().sent).toEqual([]);
      t.connection.want(); // already wanted: no second socket
      expect(t.ws.sockets).toHaveLength(1);
    });

    it('uses wss:// for an https server', () => {
      const t = setup();
      t.credentials.current = { serverUrl: 'https://help.example.test', accessToken: ACCESS_TOKEN };
      t.connection.want();
      expect(t.ws.last().url).toBe('wss://help.example.test/ws');
    });

    it('sends rep.hello with the token as soon as the socket opens', () => {
      const t = setup();
      t.connection.want();
      t.ws.last().open();
      expect(t.ws.last().messages).toEqual([{ type: 'rep.hello', accessToken: ACCESS_TOKEN, rid: expect.any(String) }]);
      expect(t.statuses).toEqual(['connecting']);
      expect(t.connection.online).toBe(false);
    });

    it('goes online only after rep.welcome and after onReady resolved', async () => {
      const ready = deferred();
      const t = setup({ onReady: vi.fn(() => ready.promise) });
      t.connection.want();
      const socket = t.ws.last();
      socket.open();
      await flush();
      expect(t.connection.online).toBe(false);

      socket.deliver(welcome(socket.lastOf('rep.hello').rid, ICE_SERVERS));
      await flush();
      expect(t.connection.online).toBe(false);
      expect(t.statuses).toEqual(['connecting']);

      ready.resolve();
      await flush();
      expect(t.connection.online).toBe(true);
      expect(t.statuses).toEqual(['connecting', 'online']);
    });

    it('hands onReady the ICE servers from rep.welcome, once per connection', async () => {
      const t = setup();
      await online(t);
      expect(t.onReady).toHaveBeenCalledExactlyOnceWith({ iceServers: ICE_SERVERS });
      expect(t.received).toEqual([]); // the welcome is a reply, not news
    });

    it('onReady can already use the connection before it says online', async () => {
      // Regression: request() used to wait for "online", which onReady itself
      // holds back, so a resume after a worker restart hung until whenReady timed out.
      const log: string[] = [];
      const t = setup({
        onReady: async () => {
          log.push((await t.connection.request({ type: 'session.resume', sessionId: SESSION_ID })).type);
          // What the resume sets off goes through the public API: a share.update, the re-opened peers' offers.
          log.push((await t.connection.request({ type: 'share.update', sessionId: SESSION_ID, sharing: false })).type);
          log.push(`signal sent: ${t.connection.send({ type: 'signal', to: 'p_casey001', payload: offer })}`);
        },
      });
      t.connection.want();
      const socket = t.ws.last();
      await welcomeOn(socket);
      expect(t.statuses).toEqual(['connecting']);
      const resume = socket.lastOf('session.resume');
      expect(resume).toEqual({ type: 'session.resume', sessionId: SESSION_ID, rid: expect.any(String) });

      socket.deliver({ type: 'session.resumed', rid: resume.rid!, session: sessionInfo(), participants: [], sharing: true, selectedId: null, stage: null });
      await flush();
      socket.deliver({ type: 'ok', rid: socket.lastOf('share.update').rid! });
      await flush();
      expect(log).toEqual(['session.resumed', 'ok', 'signal sent: true']);
      expect(socket.lastOf('signal')).toEqual({ type: 'signal', to: 'p_casey001', payload: offer });
      expect(t.statuses).toEqual(['connecting', 'online']);
    });

    it('whenReady() resolves once online, and at once when already online', async () => {
      const t = setup();
      const ready = vi.fn();
      void t.connection.whenReady().then(ready);
      expect(t.ws.sockets).toHaveLength(1); // whenReady connects
      await welcomeOn(t.ws.last());
      expect(ready).toHaveBeenCalledOnce();
      await expect(t.connection.whenReady()).resolves.toBeUndefined();
    });

    it('whenReady() gives up with a network error when the server never answers', async () => {
      const t = setup();
      const gaveUp = expect(t.connection.whenReady(5_000)).rejects.toMatchObject({ reason: 'network' });
      t.timers.advance(5_000);
      await gaveUp;
    });

    it('stays offline without credentials, and opens no socket', () => {
      const t = setup();
      t.credentials.current = undefined;
      t.connection.want();
      expect(t.ws.sockets).toEqual([]);
      expect(t.statuses).toEqual(['offline']);
      expect(t.timers.pending).toBe(0);
    });
  });

  describe('requests', () => {
    it('resolves each request with the reply carrying its rid, in whatever order replies come', async () => {
      const t = setup();
      const socket = await online(t);
      const started = t.connection.request({ type: 'session.start' });
      const updated = t.connection.request({ type: 'share.update', sessionId: SESSION_ID, sharing: true });
      await flush();
      const start = socket.lastOf('session.start');
      const update = socket.lastOf('share.update');
      expect(start.rid).not.toBe(update.rid);

      socket.deliver({ type: 'ok', rid: update.rid! });
      socket.deliver({ type: 'session.started', rid: start.rid!, session: sessionInfo() });
      await expect(started).resolves.toEqual({ type: 'session.started', rid: start.rid, session: sessionInfo() });
      await expect(updated).resolves.toEqual({ type: 'ok', rid: update.rid });
      expect(t.received).toEqual([]);
    });

    it('rejects with a PeerAssistError carrying the reason of an error reply', async () => {
      const t = setup();
      const socket = await online(t);
      const admitted = t.connection.request({ type: 'participant.admit', sessionId: SESSION_ID, participantId: 'p_casey001' });
      await flush();
      socket.deliver({ type: 'error', rid: socket.lastOf('participant.admit').rid!, reason: 'unknown_participant', message: 'who?' });
      const error = await admitted.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PeerAssistError);
      expect(error).toMatchObject({ reason: 'unknown_participant', message: 'who?' });
    });

    it('waits for the connection before sending, connecting if needed', async () => {
      const t = setup();
      const started = t.connection.request({ type: 'session.start' });
      const socket = t.ws.last();
      socket.open();
      await flush();
      expect(socket.messages.map((m) => m.type)).toEqual(['rep.hello']);
      socket.deliver(welcome(socket.lastOf('rep.hello').rid));
      await flush();
      const start = socket.lastOf('session.start');
      socket.deliver({ type: 'session.started', rid: start.rid!, session: sessionInfo() });
      await expect(started).resolves.toMatchObject({ type: 'session.started' });
    });

    it('rejects pending requests when the socket closes', async () => {
      const t = setup();
      const socket = await online(t);
      const closed = expect(t.connection.request({ type: 'session.start' })).rejects.toMatchObject({
        reason: 'network',
        message: 'connection closed',
      });
      await flush();
      socket.drop();
      await closed;
    });

    it('rejects a request nobody answers after requestTimeoutMs', async () => {
      const t = setup({ requestTimeoutMs: 5_000 });
      const socket = await online(t);
      const settled = vi.fn();
      const timedOut = t.connection.request({ type: 'session.start' });
      timedOut.then(settled, settled);
      await flush();
      t.timers.advance(4_999);
      await flush();
      expect(settled).not.toHaveBeenCalled();
      t.timers.advance(1);
      await expect(timedOut).rejects.toMatchObject({ reason: 'network', message: 'no answer to session.start' });

      // A reply that comes too late is passed on as news instead of thrown away with an error.
      socket.deliver({ type: 'ok', rid: socket.lastOf('session.start').rid! });
      expect(t.received).toEqual([{ type: 'ok', rid: socket.lastOf('session.start').rid }]);
    });

    it('session.ended answering our session.end is the reply only (the caller cleans up once)', async () => {
      const t = setup();
      const socket = await online(t);
      const ended = t.connection.request({ type: 'session.end', sessionId: SESSION_ID });
      await flush();
      const rid = socket.lastOf('session.end').rid!;
      const message: ServerMessage = { type: 'session.ended', rid, sessionId: SESSION_ID, reason: 'ended_by_rep' };
      socket.deliver(message);
      await expect(ended).resolves.toEqual(message);
      expect(t.received).toEqual([]);
    });

    it('unwant() rejects callers still waiting for the connection, so nothing stale goes out later', async () => {
      const t = setup();
      const pending = t.connection.request({ type: 'session.start' });
      t.connection.unwant();
      await expect(pending).rejects.toMatchObject({ reason: 'network' });
      t.connection.want();
      await welcomeOn(t.ws.last());
      expect(t.ws.last().sent.some((frame) => frame.includes('session.start'))).toBe(false);
    });

    it('send() fires and forgets while online, without a rid, and drops messages while offline', async () => {
      const t = setup();
      expect(t.connection.send({ type: 'signal', to: 'p_casey001', payload: offer })).toBe(false);
      const socket = await online(t);
      expect(t.connection.send({ type: 'signal', to: 'p_casey001', payload: offer })).toBe(true);
      expect(socket.sent.at(-1)).toBe(JSON.stringify({ type: 'signal', to: 'p_casey001', payload: offer }));
      socket.drop();
      expect(t.connection.send({ type: 'ping' })).toBe(false);
    });
  });

  describe('server pushes', () => {
    it('passes messages that are not replies to onMessage', async () => {
      const t = setup();
      const socket = await online(t);
      const push: ServerMessage = { type: 'signal', from: 'p_casey001', payload: offer };
      socket.deliver(push);
      expect(t.received).toEqual([push]);
    });

    it('ignores malformed frames without throwing, and keeps going', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const t = setup();
      const socket = await online(t);
      const frames = [
        'not json',
        '{"type":"nope"}',
        '[1,2,3]',
        JSON.stringify({ type: 'participant.update', sessionId: SESSION_ID }),
        JSON.stringify({ type: 'signal', from: 'p_casey001', payload: { kind: 'telepathy' } }),
        JSON.stringify({ type: 'ok', padding: 'x'.repeat(70_000) }),
        new ArrayBuffer(8),
      ];
      for (const frame of frames) expect(() => socket.deliver(frame)).not.toThrow();
      expect(t.received).toEqual([]);
      expect(warn).toHaveBeenCalled();
      expect(t.connection.online).toBe(true);

      const stage = { participantId: 'p_dana0001', role: 'controller' as const, name: 'Dana' };
      socket.deliver({ type: 'share.state', sessionId: SESSION_ID, sharing: true, stage });
      expect(t.received).toEqual([{ type: 'share.state', sessionId: SESSION_ID, sharing: true, stage }]);
    });

    it('does not settle a request with a malformed reply', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const t = setup();
      const socket = await online(t);
      const settled = vi.fn();
      t.connection.request({ type: 'session.start' }).then(settled, settled);
      await flush();
      socket.deliver(JSON.stringify({ type: 'error', rid: socket.lastOf('session.start').rid, reason: 'gremlins', message: 'x' }));
      await flush();
      expect(settled).not.toHaveBeenCalled();
    });
  });

  describe('keep-alive', () => {
    it('pings every 20 s while online', async () => {
      const t = setup();
      const socket = await online(t);
      const pings = () => socket.messages.filter((m) => m.type === 'ping');
      t.timers.advance(19_999);
      expect(pings()).toEqual([]);
      t.timers.advance(1);
      expect(pings()).toEqual([{ type: 'ping' }]);
      t.timers.advance(40_000);
      expect(pings()).toHaveLength(3);
    });

    it('does not ping before online, and stops when the socket closes', async () => {
      const ready = deferred();
      const t = setup({ onReady: () => ready.promise });
      t.connection.want();
      const socket = t.ws.last();
      await welcomeOn(socket);
      t.timers.advance(25_000);
      expect(socket.messages.map((m) => m.type)).toEqual(['rep.hello']);

      ready.resolve();
      await flush();
      t.timers.advance(20_000);
      expect(socket.messages.map((m) => m.type)).toEqual(['rep.hello', 'ping']);

      t.connection.unwant();
      expect(t.timers.pending).toBe(0);
    });
  });

  describe('reconnecting', () => {
    it('after a close says offline, waits the policy delay, then says connecting on a new socket', async () => {
      const t = setup();
      const first = await online(t);
      first.drop();
      expect(t.statuses).toEqual(['connecting', 'online', 'offline']);
      expect(t.policy.nextDelay).toHaveBeenLastCalledWith(1);
      expect(t.connection.online).toBe(false);

      t.timers.advance(999);
      expect(t.ws.sockets).toHaveLength(1);
      t.timers.advance(1);
      expect(t.ws.sockets).toHaveLength(2);
      expect(t.statuses.at(-1)).toBe('connecting');
    });

    it('counts failed attempts, and starts over once a connection succeeded', async () => {
      const t = setup();
      const first = await online(t);
      first.drop();
      t.timers.advance(1_000);
      t.ws.last().drop(); // refused before it opened
      expect(t.policy.nextDelay).toHaveBeenLastCalledWith(2);
      t.timers.advance(1_999);
      expect(t.ws.sockets).toHaveLength(2);
      t.timers.advance(1);
      expect(t.ws.sockets).toHaveLength(3);

      await welcomeOn(t.ws.last());
      expect(t.connection.online).toBe(true);
      t.ws.last().drop();
      expect(t.policy.nextDelay).toHaveBeenLastCalledWith(1);
      expect(t.statuses).toEqual(['connecting', 'online', 'offline', 'connecting', 'offline', 'connecting', 'online', 'offline']);
    });

    it('reads the credentials again at every attempt', async () => {
      const t = setup();
      const first = await online(t);
      const token = 'tok_ZYXWVUTSRQPONMLKJIHGFEDCBA';
      t.credentials.current = { serverUrl: 'https://help.example.test', accessToken: token };
      first.drop();
      t.timers.advance(1_000);
      const second = t.ws.last();
      expect(second.url).toBe('wss://help.example.test/ws');
      second.open();
      expect(second.lastOf('rep.hello').accessToken).toBe(token);
    });

    it('stops when the credentials are gone at the next attempt', async () => {
      const t = setup();
      const first = await online(t);
      t.credentials.current = undefined;
      first.drop();
      t.timers.advance(1_000);
      expect(t.ws.sockets).toHaveLength(1);
      expect(t.statuses.at(-1)).toBe('offline');
      expect(t.timers.pending).toBe(0);
    });

    it('closes the socket and retries when onReady fails', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const t = setup({ onReady: vi.fn(async () => Promise.reject(new Error('media context gone'))) });
      t.connection.want();
      const socket = t.ws.last();
      await welcomeOn(socket);
      expect(socket.closedWith).toBeDefined();
      expect(t.connection.online).toBe(false);
      socket.drop(); // the close the client asked for completes
      expect(t.statuses).toEqual(['connecting', 'offline']);
      t.timers.advance(1_000);
      expect(t.ws.sockets).toHaveLength(2);
    });

    it('closes the socket and retries when the hello is answered with something else', async () => {
      const t = setup();
      t.connection.want();
      const socket = t.ws.last();
      socket.open();
      socket.deliver({ type: 'ok', rid: socket.lastOf('rep.hello').rid! });
      await flush();
      expect(t.onReady).not.toHaveBeenCalled();
      expect(socket.closedWith).toBeDefined();
      socket.drop();
      t.timers.advance(1_000);
      expect(t.ws.sockets).toHaveLength(2);
    });

    it('retries when the socket cannot even be created', () => {
      let failures = 1;
      const { WebSocketImpl, sockets } = fakeWebSockets();
      const Flaky = function (url: string) {
        if (failures-- > 0) throw new SyntaxError('bad url');
        return new (WebSocketImpl as unknown as new (url: string) => FakeWebSocket)(url);
      } as unknown as typeof WebSocket;
      const t = setup({ WebSocketImpl: Flaky });
      t.connection.want();
      expect(t.statuses).toEqual(['connecting', 'offline']);
      t.timers.advance(1_000);
      expect(sockets).toHaveLength(1);
    });

    it('ignores a close event from a socket it already replaced', async () => {
      const t = setup();
      const first = await online(t);
      const onclose = first.onclose;
      first.drop();
      t.timers.advance(1_000);
      await welcomeOn(t.ws.last());
      onclose?.({ code: 1006 }); // a late event from the old socket
      expect(t.connection.online).toBe(true);
    });
  });

  describe('unauthenticated', () => {
    it('a refused hello calls onUnauthenticated, rejects waiters and stops reconnecting', async () => {
      const t = setup();
      const waiting = expect(t.connection.whenReady()).rejects.toMatchObject({ reason: 'unauthenticated' });
      const socket = t.ws.last();
      socket.open();
      socket.deliver({ type: 'error', rid: socket.lastOf('rep.hello').rid!, reason: 'unauthenticated', message: 'sign in again' });
      await flush();
      await waiting;
      expect(t.onUnauthenticated).toHaveBeenCalledOnce();
      expect(t.onReady).not.toHaveBeenCalled();
      expect(t.statuses).toEqual(['connecting', 'offline']);
      expect(socket.closedWith).toBe(1000);
      expect(t.timers.pending).toBe(0);
      t.timers.advance(60_000);
      expect(t.ws.sockets).toHaveLength(1);
    });
  });

  describe('unwant', () => {
    it('closes the socket, rejects pending requests, says offline and stops', async () => {
      const t = setup();
      const socket = await online(t);
      const pending = expect(t.connection.request({ type: 'session.start' })).rejects.toMatchObject({ reason: 'network' });
      await flush();
      t.connection.unwant();
      await pending;
      expect(socket.closedWith).toBe(1000);
      expect(t.statuses.at(-1)).toBe('offline');
      expect(t.connection.online).toBe(false);
      expect(t.timers.pending).toBe(0);
      socket.drop();
      t.timers.advance(60_000);
      expect(t.ws.sockets).toHaveLength(1);
    });

    it('cancels a scheduled reconnect', async () => {
      const t = setup();
      const socket = await online(t);
      socket.drop();
      t.connection.unwant();
      t.timers.advance(60_000);
      expect(t.ws.sockets).toHaveLength(1);
      expect(t.timers.pending).toBe(0);
    });

    it('wins over an onReady that finishes afterwards', async () => {
      const ready = deferred();
      const t = setup({ onReady: () => ready.promise });
      t.connection.want();
      await welcomeOn(t.ws.last());
      t.connection.unwant();
      ready.resolve();
      await flush();
      expect(t.connection.online).toBe(false);
      expect(t.statuses).toEqual(['connecting', 'offline']);
      expect(t.timers.pending).toBe(0);
    });

    it('lets want() connect again afterwards', async () => {
      const t = setup();
      await online(t);
      t.connection.unwant();
      const socket = await online(t);
      expect(t.ws.sockets).toEqual([expect.anything(), socket]);
    });
  });
});
