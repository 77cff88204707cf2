// The dashboard's side of file transfers: a runtime Port (FILES_PORT) to the
// media context, which holds the transfers (src/offscreen/file-transfers.ts).
// It answers every new port with the list at once, then pushes changes (at most
// 4 a second for progress). On Chrome a port opened before the offscreen
// document exists is held open by the service worker alone and never answered
// (the same lesson as viewer-link.ts): without a list in time, connect again.
//
//   connect ──port──► listening ◄── files.list / files.error
//      ▲                 │ port lost, or no answer in helloTimeoutMs
//      └── after a delay ┘ (doubling up to maxReconnectMs)
import { FilesToDashboard, type DashboardToFiles, type TransferView } from '../shared/protocol/files.ts';
import type { ErrorReason } from '../shared/protocol/errors.ts';

export interface FilesLinkPort {
  postMessage(message: DashboardToFiles): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
  disconnect(): void;
}

export interface FilesLinkOptions {
  connect: () => FilesLinkPort;
  onList: (transfers: TransferView[]) => void;
  onError: (reason: ErrorReason) => void;
  /** The media context answers (true) or the port is gone (false): the UI offers sending only when it answers. */
  onReady?: (ready: boolean) => void;
  signal: AbortSignal;
  helloTimeoutMs?: number;
  reconnectMs?: number;
  maxReconnectMs?: number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  log?: (message: string, detail?: unknown) => void;
}

export class FilesLink {
  readonly #options: FilesLinkOptions;
  #port: FilesLinkPort | undefined;
  /** The current port was answered: it reaches the media context, not only the service worker. */
  #answered = false;
  /** Commands sent before any port was answered: they go once one is (never twice: an unanswered port reached nobody). */
  #pending: DashboardToFiles[] = [];
  #delay: number;
  #timer: unknown;

  constructor(options: FilesLinkOptions) {
    this.#options = options;
    this.#delay = options.reconnectMs ?? 250;
    if (options.signal.aborted) return;
    options.signal.addEventListener('abort', () => this.#stop(), { once: true });
    this.#connect();
  }

  /** Whether the media context answers now. */
  get connected(): boolean {
    return this.#answered;
  }

  /** Send now, or as soon as the media context answers. */
  send(command: DashboardToFiles): boolean {
    const port = this.#port;
    if (!port || !this.#answered) {
      if (this.#options.signal.aborted) return false;
      this.#pending.push(command);
      return true;
    }
    try {
      port.postMessage(command);
      return true;
    } catch (error) {
      this.#options.log?.('files post failed', error);
      return false;
    }
  }

  #connect(): void {
    this.#timer = undefined;
    if (this.#options.signal.aborted) return;
    let port: FilesLinkPort;
    try {
      port = this.#options.connect();
    } catch (error) {
      this.#options.log?.('files port failed', error);
      this.#scheduleReconnect();
      return;
    }
    this.#port = port;
    this.#options.log?.('files port opened');
    let heard = false;
    port.onMessage.addListener((raw) => {
      if (this.#port !== port) return;
      const parsed = FilesToDashboard.safeParse(raw);
      if (!parsed.success) {
        this.#options.log?.('ignored a files message', parsed.error.issues[0]?.message);
        return;
      }
      if (!heard) {
        this.#options.log?.('files port answered');
        heard = true;
        this.#answered = true;
        this.#options.onReady?.(true);
        const pending = this.#pending;
        this.#pending = [];
        for (const command of pending) this.send(command);
      }
      this.#delay = this.#options.reconnectMs ?? 250;
      if (parsed.data.type === 'files.list') this.#options.onList(parsed.data.transfers);
      else this.#options.onError(parsed.data.reason);
    });
    const lost = () => {
      if (this.#port !== port) return;
      this.#options.log?.('files port lost');
      this.#port = undefined;
      if (this.#answered) this.#options.onReady?.(false);
      this.#answered = false;
      this.#options.onList([]);
      this.#scheduleReconnect();
    };
    port.onDisconnect.addListener(lost);
    const helloTimeoutMs = this.#options.helloTimeoutMs ?? 2000;
    if (helloTimeoutMs <= 0) return;
    const set = this.#options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    set(() => {
      if (heard || this.#port !== port) return;
      try {
        port.disconnect();
      } catch {
        // already gone
      }
      lost();
    }, helloTimeoutMs);
  }

  #scheduleReconnect(): void {
    if (this.#options.signal.aborted || this.#timer !== undefined) return;
    const delay = this.#delay;
    this.#delay = Math.min(delay * 2, this.#options.maxReconnectMs ?? 5000);
    const set = this.#options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
    this.#timer = set(() => this.#connect(), delay);
  }

  #stop(): void {
    if (this.#timer !== undefined) (this.#options.clearTimeout ?? ((handle) => clearTimeout(handle as number)))(this.#timer);
    this.#timer = undefined;
    const port = this.#port;
    this.#port = undefined;
    try {
      port?.disconnect();
    } catch {
      // already gone
    }
  }
}
