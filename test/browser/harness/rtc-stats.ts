// What arrives over a page's peer connections, read from getStats (inbound-rtp):
// proof that voice and video flow, for the Chromium pages of the browser suites
// (queryObjects finds every RTCPeerConnection of the page; CDP only).
import type { Page } from 'puppeteer-core';

export interface Inbound {
  audioLevel: number;
  audioPackets: number;
  framesDecoded: number;
}

/** Sums of the inbound-rtp statistics of every peer connection in the page (kind filters audio or video). */
export async function inbound(page: Page): Promise<Inbound> {
  const prototype = await page.evaluateHandle(() => RTCPeerConnection.prototype);
  const connections = await page.queryObjects(prototype);
  const result = await connections.evaluate(async (list: RTCPeerConnection[]) => {
    const sum = { audioLevel: 0, audioPackets: 0, framesDecoded: 0 };
    for (const pc of list) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      report.forEach((s: { type: string; kind?: string; audioLevel?: number; packetsReceived?: number; framesDecoded?: number }) => {
        if (s.type !== 'inbound-rtp') return;
        if (s.kind === 'audio') {
          sum.audioLevel = Math.max(sum.audioLevel, s.audioLevel ?? 0);
          sum.audioPackets += s.packetsReceived ?? 0;
        } else if (s.kind === 'video') sum.framesDecoded += s.framesDecoded ?? 0;
      });
    }
    return sum;
  });
  await Promise.all([prototype.dispose(), connections.dispose()]);
  return result;
}

/** Polls until the condition holds on a fresh sample; returns that sample. */
export async function until(sample: () => Promise<Inbound>, ok: (s: Inbound) => boolean, what: string, timeoutMs = 15_000): Promise<Inbound> {
  const deadline = Date.now() + timeoutMs;
  let last: Inbound | undefined;
  while (Date.now() < deadline) {
    last = await sample();
    if (ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what}: never happened; last sample ${JSON.stringify(last)}`);
}
