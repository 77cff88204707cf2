// WebSocket-level pings (not the protocol's `ping` message) to find sockets
// whose peer vanished without closing: a laptop lid shut or a network gone.
// Without them a customer would stay "connected" and a rep's grace period
// would never start. Browsers answer pings by themselves.
// Pattern from the `ws` README ("How to detect and close broken connections?").
import type { WebSocket, WebSocketServer } from 'ws';
import type { CancelTimer, Clock } from '../clock.ts';

export class Heartbeat {
  readonly #alive = new WeakMap<WebSocket, boolean>();
  readonly #wss: WebSocketServer;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  #cancel: CancelTimer | undefined;

  constructor(wss: WebSocketServer, clock: Clock, intervalMs: number) {
    this.#wss = wss;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  watch(ws: WebSocket): void {
    this.#alive.set(ws, true);
    ws.on('pong', () => this.#alive.set(ws, true));
  }

  start(): void {
    if (this.#intervalMs <= 0 || this.#cancel) return;
    this.#schedule();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #schedule(): void {
    this.#cancel = this.#clock.setTimeout(() => {
      this.#tick();
      this.#schedule();
    }, this.#intervalMs);
  }

  #tick(): void {
    for (const ws of this.#wss.clients) {
      // No pong since the last ping: the peer is gone. terminate() fires 'close' at once.
      if (this.#alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.#alive.set(ws, false);
      ws.ping();
    }
  }
}
