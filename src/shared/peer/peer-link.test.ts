// PeerLink's own ordering rules, against a scripted RTCPeerConnection (the
// real negotiation is covered by the browser suites).
import { describe, expect, it } from 'vitest';
import type { SignalPayload } from '../protocol/common.ts';
import { PeerLink } from './peer-link.ts';

/** Just enough of RTCPeerConnection for negotiation: descriptions and events. */
class ScriptedConnection extends EventTarget {
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescription | null = null;
  remoteDescription: RTCSessionDescription | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: unknown = null;
  ontrack: unknown = null;
  ondatachannel: unknown = null;
  onconnectionstatechange: unknown = null;

  async setLocalDescription(): Promise<void> {
    const type = this.signalingState === 'have-remote-offer' ? 'answer' : 'offer';
    this.signalingState = type === 'offer' ? 'have-local-offer' : 'stable';
    this.localDescription = description(type);
  }

  async setRemoteDescription(init: RTCSessionDescriptionInit): Promise<void> {
    this.signalingState = init.type === 'offer' ? 'have-remote-offer' : 'stable';
    this.remoteDescription = description(init.type ?? 'offer');
  }

  async addIceCandidate(): Promise<void> {}
  close(): void {
    this.signalingState = 'closed';
  }
}

function description(type: RTCSdpType): RTCSessionDescription {
  return { type, sdp: `v=0 ${type}`, toJSON: () => ({ type, sdp: `v=0 ${type}` }) } as RTCSessionDescription;
}

function link(polite: boolean) {
  const sent: SignalPayload[] = [];
  const pc = new ScriptedConnection();
  const peer = new PeerLink({
    polite,
    iceServers: [],
    send: (payload) => sent.push(payload),
    createConnection: () => pc as unknown as RTCPeerConnection,
  });
  return { peer, pc, sent };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const types = (sent: SignalPayload[]) => sent.map((s) => (s.kind === 'description' ? s.description.type : s.kind));

describe('PeerLink negotiation', () => {
  it('the impolite side offers as soon as negotiation is needed', async () => {
    const { pc, sent } = link(false);
    pc.onnegotiationneeded?.();
    await settle();
    expect(types(sent)).toEqual(['offer']);
  });

  it('the polite side waits for the first offer instead of racing it (a rolled-back first offer leaves Chrome gathering no candidates)', async () => {
    const { peer, pc, sent } = link(true);
    pc.onnegotiationneeded?.();
    await settle();
    expect(sent).toEqual([]);

    await peer.receive({ kind: 'description', description: { type: 'offer', sdp: 'v=0 offer' } });
    expect(types(sent)).toEqual(['answer']);

    // Once it has heard from the other side, it may start renegotiations itself.
    pc.onnegotiationneeded?.();
    await settle();
    expect(types(sent)).toEqual(['answer', 'offer']);
  });
});
