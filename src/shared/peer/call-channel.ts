// The call channel on one PeerLink (src/shared/protocol/call.ts): a
// negotiated data channel with a fixed id, parsed at the edge, with the
// announce-and-wait used before a camera is added (so its track is never taken
// for a screen). Shared by the rep's CallHub and the customer's CallClient.
import { CALL_CHANNEL, CallPeerMessage } from '../protocol/call.ts';

export interface CallChannelOptions {
  /** A parsed message from the other side ('tracks' is acknowledged after this returns; acks stay here). */
  onMessage: (message: Exclude<CallPeerMessage, { type: 'ack' }>) => void;
  onOpen?: () => void;
  /** Aborting stops listening (the link is going). */
  signal: AbortSignal;
  /**
   * Create the channel at once (the rep, whose first offer carries the SCTP
   * transport anyway), or only once the other side's offer brought it (the
   * polite customer, so creating it never makes them offer on their own).
   */
  eager?: boolean;
  ackTimeoutMs?: number;
  log?: (message: string) => void;
}

export class CallChannel {
  #channel: RTCDataChannel | null = null;
  #seq = 0;
  readonly #acks = new Map<number, () => void>();

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly options: CallChannelOptions,
  ) {
    if (options.eager || pc.sctp) this.#create();
    else pc.addEventListener('signalingstatechange', () => this.pc.sctp && this.#create(), { signal: options.signal });
  }

  get open(): boolean {
    return this.#channel?.readyState === 'open';
  }

  send(message: CallPeerMessage): void {
    if (this.open) this.#channel?.send(JSON.stringify(message));
  }

  /** Tells the other side our camera's stream id and waits (briefly) for their acknowledgement. */
  announce(camera: string | null): Promise<void> {
    if (!this.open) return Promise.resolve();
    const seq = ++this.#seq;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#acks.delete(seq);
        resolve();
      };
      const timer = setTimeout(done, this.options.ackTimeoutMs ?? 2000);
      this.#acks.set(seq, done);
      this.send({ type: 'tracks', seq, camera });
    });
  }

  #create(): void {
    if (this.#channel || this.options.signal.aborted) return;
    const channel = this.pc.createDataChannel(CALL_CHANNEL.label, { negotiated: true, id: CALL_CHANNEL.id });
    this.#channel = channel;
    const { signal } = this.options;
    channel.addEventListener('message', ({ data }) => this.#receive(data), { signal });
    channel.addEventListener('open', () => this.options.onOpen?.(), { signal });
  }

  #receive(data: unknown): void {
    let parsed;
    try {
      parsed = CallPeerMessage.safeParse(typeof data === 'string' ? JSON.parse(data) : undefined);
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      this.options.log?.('ignored a call message');
      return;
    }
    const message = parsed.data;
    if (message.type === 'ack') {
      this.#acks.get(message.seq)?.();
      return;
    }
    this.options.onMessage(message);
    if (message.type === 'tracks') this.send({ type: 'ack', seq: message.seq });
  }
}

/** Our microphone's level as the encoder sees it (getStats media-source): no AudioContext needed. */
export async function sentAudioLevel(pc: RTCPeerConnection, track: MediaStreamTrack): Promise<number> {
  const sender = pc.getSenders().find((s) => s.track === track);
  if (!sender) return 0;
  const report = await sender.getStats().catch(() => undefined);
  let level = 0;
  report?.forEach((stat: { type?: string; kind?: string; audioLevel?: number }) => {
    if (stat.type === 'media-source' && stat.kind === 'audio' && typeof stat.audioLevel === 'number') level = stat.audioLevel;
  });
  return level;
}

/** The level of a voice arriving on this track (0..1), from its contributing source. */
export function receivedAudioLevel(pc: RTCPeerConnection, track: MediaStreamTrack): number {
  const receiver = pc.getReceivers().find((r) => r.track === track);
  return receiver?.getSynchronizationSources()[0]?.audioLevel ?? 0;
}
