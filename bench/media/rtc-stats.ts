// WebRTC stats read from outside a page, through DevTools: the live
// RTCPeerConnections in the page's heap (Runtime.queryObjects), so neither
// the product's pages nor its offscreen document are changed to expose them.
import type { JSHandle, Page } from 'puppeteer-core';

export interface VideoStats {
  /** inbound-rtp (receiver) or media-source (sender) framesPerSecond, one per live connection. */
  fps: number[];
  /** inbound-rtp framesDecoded, one per live connection (receivers only). */
  framesDecoded: number[];
  /** Size of the frames received, e.g. "1920x1080". */
  frameSize: string[];
}

/** Every RTCPeerConnection the page holds right now (query again after new ones are made). */
export async function connectionsOf(page: Page): Promise<JSHandle<RTCPeerConnection[]>> {
  const prototype = await page.evaluateHandle(() => RTCPeerConnection.prototype);
  try {
    return await page.queryObjects(prototype);
  } finally {
    await prototype.dispose();
  }
}

export function videoStats(connections: JSHandle<RTCPeerConnection[]>, side: 'inbound-rtp' | 'media-source'): Promise<VideoStats> {
  return connections.evaluate(async (pcs, type) => {
    const out: VideoStats = { fps: [], framesDecoded: [], frameSize: [] };
    for (const pc of pcs) {
      if (pc.connectionState !== 'connected') continue;
      const report = await pc.getStats();
      report.forEach((s: Record<string, unknown>) => {
        if (s.type !== type || s.kind !== 'video') return;
        if (typeof s.framesPerSecond === 'number') out.fps.push(s.framesPerSecond);
        if (typeof s.framesDecoded === 'number') out.framesDecoded.push(s.framesDecoded);
        if (typeof s.frameWidth === 'number') out.frameSize.push(`${s.frameWidth}x${s.frameHeight}`);
      });
    }
    return out;
  }, side);
}
