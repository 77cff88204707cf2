// The rep's file transfers, in the media context (the offscreen document on
// Chrome, the background page on Firefox): one FilePeer per peer connection the
// MediaEngine opens, and the dashboards that watch them over a runtime Port
// (FILES_PORT). Progress goes to the ports directly, at most 4 times a second,
// never through storage or the service worker (MV3: a worker may be stopped at
// any moment and storage writes are not for progress bars).
//
//   dashboard ──copy File into OPFS "out-…"──► (shared origin storage)
//   dashboard ──files.send {stored}──────────► RepFiles ──reads OPFS──► FilePeer ──► customer
//   dashboard ◄──files.list (throttled)──────  RepFiles ◄──onChange───  FilePeer ◄── customer
//   dashboard ──reads OPFS "in-…" for Save (same origin)
import { FilePeer } from '../shared/files/file-peer.ts';
import { clearStore, opfsStore, type FileStore } from '../shared/files/opfs.ts';
import { Throttle } from '../shared/files/speed.ts';
import { PeerAssistError, reasonOf } from '../shared/protocol/errors.ts';
import { DashboardToFiles, type FilesToDashboard, type TransferView } from '../shared/protocol/files.ts';

/** What RepFiles needs of a runtime Port to a dashboard; both browsers' ports fit. */
export interface FilesPort {
  postMessage(message: FilesToDashboard): void;
  onMessage(listener: (message: unknown) => void): void;
  onDisconnect(listener: () => void): void;
}

export interface RepFilesOptions {
  store?: FileStore;
  /** Clear files left in OPFS by an earlier run (off in tests that share a store). */
  clearOnStart?: boolean;
  now?: () => number;
  publishEveryMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

export class RepFiles {
  /** Live peers by participant id, and every peer that still has transfers to show. */
  readonly #live = new Map<string, FilePeer>();
  #peers: FilePeer[] = [];
  readonly #ports = new Set<FilesPort>();
  readonly #store: FileStore;
  readonly #throttle: Throttle;
  readonly #now: () => number;
  readonly #log: (message: string, detail?: unknown) => void;
  #trailing: ReturnType<typeof setTimeout> | undefined;
  readonly #ready: Promise<void>;

  constructor(options: RepFilesOptions = {}) {
    this.#store = options.store ?? opfsStore();
    this.#now = options.now ?? (() => performance.now());
    this.#throttle = new Throttle(options.publishEveryMs ?? 250);
    this.#log = options.log ?? ((message, detail) => console.debug(`[files] ${message}`, detail ?? ''));
    this.#ready = options.clearOnStart === false ? Promise.resolve() : clearStore().catch((error: unknown) => this.#log('could not clear old files', error));
  }

  /** The MediaEngine opened a peer connection to this participant; aborting `signal` ends it. */
  attach(participantId: string, pc: RTCPeerConnection, signal: AbortSignal): void {
    const peer = new FilePeer({
      pc,
      peerId: participantId,
      store: this.#store,
      signal,
      now: this.#now,
      onChange: (progress) => this.#publish(progress),
      log: (message, detail) => this.#log(`${participantId}: ${message}`, detail),
    });
    this.#live.set(participantId, peer);
    this.#peers.push(peer);
    signal.addEventListener('abort', () => {
      if (this.#live.get(participantId) === peer) this.#live.delete(participantId);
      this.#prune();
    });
  }

  views(): TransferView[] {
    return this.#peers.flatMap((peer) => peer.views());
  }

  acceptPort(port: FilesPort): void {
    this.#log('a dashboard connected');
    this.#ports.add(port);
    port.onDisconnect(() => this.#ports.delete(port));
    port.onMessage((raw) => {
      const parsed = DashboardToFiles.safeParse(raw);
      if (!parsed.success) {
        port.postMessage({ type: 'files.error', reason: 'malformed', message: parsed.error.issues[0]?.message ?? 'invalid' });
        return;
      }
      this.#log(`dashboard: ${parsed.data.type}`);
      this.handle(parsed.data).catch((error: unknown) => {
        this.#log(`${parsed.data.type} failed`, error);
        port.postMessage({ type: 'files.error', reason: reasonOf(error), message: error instanceof Error ? error.message.slice(0, 500) : 'failed' });
      });
    });
    port.postMessage({ type: 'files.list', transfers: this.views() });
  }

  async handle(command: DashboardToFiles): Promise<void> {
    await this.#ready;
    if (command.type === 'files.send') {
      const peer = this.#live.get(command.peerId);
      const release = () => void this.#store.remove(command.stored).catch((error: unknown) => this.#log('remove failed', error));
      if (!peer) {
        release();
        throw new PeerAssistError('unknown_participant', `no peer for ${command.peerId}`);
      }
      let file: File;
      try {
        file = await this.#store.read(command.stored);
      } catch (error) {
        throw new PeerAssistError('internal', 'the file to send is not in storage', { cause: error });
      }
      try {
        peer.send(file, command.name, command.mime, release);
      } catch (error) {
        release();
        throw error;
      }
      return;
    }
    const peer = this.#peers.find((p) => p.has(command.id));
    if (!peer) return;
    switch (command.type) {
      case 'files.accept':
        return peer.accept(command.id);
      case 'files.decline':
        return peer.decline(command.id);
      case 'files.cancel':
        return peer.cancel(command.id);
      case 'files.dismiss':
        await peer.dismiss(command.id);
        this.#prune();
        return;
    }
  }

  /** A closed peer with nothing left to show is forgotten. */
  #prune(): void {
    this.#peers = this.#peers.filter((peer) => [...this.#live.values()].includes(peer) || peer.views().length > 0);
  }

  /** State changes go out at once; byte counts at most every publishEveryMs, with a trailing update. */
  #publish(progress: boolean): void {
    if (!this.#throttle.due(this.#now(), !progress)) {
      this.#trailing ??= setTimeout(() => {
        this.#trailing = undefined;
        this.#publish(false);
      }, 250);
      return;
    }
    const message: FilesToDashboard = { type: 'files.list', transfers: this.views() };
    for (const port of this.#ports) {
      try {
        port.postMessage(message);
      } catch (error) {
        this.#log('a dashboard port is gone', error);
        this.#ports.delete(port);
      }
    }
  }
}
