// The customer's file transfers with the rep (issue #9): one FilePeer per peer
// connection the SessionClient opens (a re-join or a new controlling rep brings
// a new one; transfers of the old one stay listed, failed or finished). Received
// files land in this origin's OPFS; "Save" offers them from there.
import { FilePeer } from '../../src/shared/files/file-peer.ts';
import { clearStore, opfsStore, type FileStore } from '../../src/shared/files/opfs.ts';
import { safeFileName } from '../../src/shared/files/names.ts';
import { Throttle } from '../../src/shared/files/speed.ts';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { TransferView } from '../../src/shared/protocol/files.ts';

/** Files left in OPFS by pages closed before the customer saved them go after a day. */
const STALE_MS = 24 * 60 * 60 * 1000;

export interface CustomerFilesOptions {
  onChange: (transfers: TransferView[], connected: boolean) => void;
  store?: FileStore;
  now?: () => number;
  /** Progress re-renders at most this often. */
  renderEveryMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

export class CustomerFiles {
  #peers: FilePeer[] = [];
  #live: FilePeer | null = null;
  readonly #options: CustomerFilesOptions;
  readonly #store: FileStore;
  readonly #throttle: Throttle;
  readonly #now: () => number;
  #trailing: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CustomerFilesOptions) {
    this.#options = options;
    this.#store = options.store ?? opfsStore();
    this.#now = options.now ?? (() => performance.now());
    this.#throttle = new Throttle(options.renderEveryMs ?? 100);
    if (!options.store) void clearStore(STALE_MS).catch(() => {});
  }

  /** SessionClient's onPeerConnection. */
  attach(pc: RTCPeerConnection, signal: AbortSignal): void {
    const peer = new FilePeer({
      pc,
      peerId: null,
      store: this.#store,
      signal,
      now: this.#now,
      onChange: (progress) => this.#changed(progress),
      ...(this.#options.log && { log: this.#options.log }),
    });
    this.#live = peer;
    this.#peers.push(peer);
    signal.addEventListener('abort', () => {
      if (this.#live === peer) this.#live = null;
      this.#peers = this.#peers.filter((p) => p === this.#live || p.views().length > 0);
      this.#changed(false);
    });
  }

  get connected(): boolean {
    return this.#live?.connected ?? false;
  }

  views(): TransferView[] {
    return this.#peers.flatMap((peer) => peer.views());
  }

  send(file: File): void {
    const peer = this.#live;
    if (!peer) throw new PeerAssistError('network', 'no connection to the representative');
    peer.send(file, safeFileName(file.name), file.type);
  }

  accept(id: string): Promise<void> {
    return this.#find(id)?.accept(id) ?? Promise.resolve();
  }

  decline(id: string): void {
    this.#find(id)?.decline(id);
  }

  cancel(id: string): Promise<void> {
    return this.#find(id)?.cancel(id) ?? Promise.resolve();
  }

  async dismiss(id: string): Promise<void> {
    await this.#find(id)?.dismiss(id);
    this.#peers = this.#peers.filter((p) => p === this.#live || p.views().length > 0);
    this.#changed(false);
  }

  /** A received file, disk-backed, for Save. */
  read(view: TransferView): Promise<File> {
    if (!view.stored) return Promise.reject(new PeerAssistError('internal', 'not a received file'));
    return this.#store.read(view.stored);
  }

  #find(id: string): FilePeer | undefined {
    return this.#peers.find((peer) => peer.has(id));
  }

  #changed(progress: boolean): void {
    if (!this.#throttle.due(this.#now(), !progress)) {
      this.#trailing ??= setTimeout(() => {
        this.#trailing = undefined;
        this.#changed(false);
      }, this.#options.renderEveryMs ?? 100);
      return;
    }
    this.#options.onChange(this.views(), this.connected);
  }
}
