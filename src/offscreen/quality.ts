// Connection quality of one peer connection, from its getStats() report: the
// round trip of the selected candidate pair, and the packets lost since the
// previous sample (what the other side reports about our video, and what we
// see of theirs). Pure, so it is tested without a browser.
import type { PeerQuality } from '../shared/protocol/runtime.ts';

/** Running totals from one report; the next sample's loss rate comes from the differences. */
export interface LinkSample {
  /** Packets lost both ways. */
  lost: number;
  /** Packets that should have arrived both ways: ours sent, theirs received or lost. */
  expected: number;
}

/** Thresholds for a remote-support screen: text stays usable under 'fair'. */
const GOOD = { rttMs: 150, lossPct: 2 };
const FAIR = { rttMs: 400, lossPct: 8 };

export function levelOf(rttMs: number | undefined, lossPct: number | undefined): PeerQuality['level'] {
  const rtt = rttMs ?? 0;
  const loss = lossPct ?? 0;
  if (rtt <= GOOD.rttMs && loss <= GOOD.lossPct) return 'good';
  if (rtt <= FAIR.rttMs && loss <= FAIR.lossPct) return 'fair';
  return 'poor';
}

type Stat = Record<string, unknown> & { type: string; id: string };

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Reads a report; `quality` is null when there is nothing to judge yet (no
 * selected pair). Loss counts both ways: remote-inbound-rtp (our video, as the
 * customer received it) and inbound-rtp (their screen, if any).
 */
export function qualityOf(
  report: { forEach(callback: (stat: Stat) => void): void },
  previous: LinkSample | null,
): { quality: PeerQuality | null; sample: LinkSample } {
  let selectedPairId: string | undefined;
  const pairs = new Map<string, Stat>();
  const sample: LinkSample = { lost: 0, expected: 0 };
  report.forEach((stat) => {
    switch (stat.type) {
      case 'transport':
        if (typeof stat.selectedCandidatePairId === 'string') selectedPairId = stat.selectedCandidatePairId;
        break;
      case 'candidate-pair':
        pairs.set(stat.id, stat);
        break;
      case 'outbound-rtp':
        sample.expected += num(stat.packetsSent) ?? 0;
        break;
      case 'remote-inbound-rtp':
        sample.lost += Math.max(0, num(stat.packetsLost) ?? 0);
        break;
      case 'inbound-rtp': {
        const lost = Math.max(0, num(stat.packetsLost) ?? 0);
        sample.lost += lost;
        sample.expected += (num(stat.packetsReceived) ?? 0) + lost;
        break;
      }
    }
  });
  const selected =
    (selectedPairId !== undefined ? pairs.get(selectedPairId) : undefined) ??
    [...pairs.values()].find((pair) => pair.state === 'succeeded' && pair.nominated === true);
  if (!selected) return { quality: null, sample };
  const lostSince = previous ? Math.max(0, sample.lost - previous.lost) : 0;
  const expectedSince = previous ? Math.max(0, sample.expected - previous.expected) : 0;
  const lossPct = expectedSince > 0 ? Math.min(100, (100 * lostSince) / expectedSince) : 0;
  const rttSeconds = num(selected.currentRoundTripTime);
  const rttMs = rttSeconds === undefined ? undefined : Math.round(rttSeconds * 1000);
  return {
    quality: { level: levelOf(rttMs, lossPct), lossPct: Math.round(lossPct * 10) / 10, ...(rttMs !== undefined && { rttMs }) },
    sample,
  };
}
