// A session recording, decoded with the browser's own decoders: proof that the
// file plays, not just that it exists.
import type { ElementHandle } from 'puppeteer-core';

export interface DecodedRecording {
  size: number;
  width: number;
  height: number;
  /** Seconds, as the <video> element finds them. */
  duration: number;
  /** Seconds of sound (decodeAudioData), when asked for. */
  audioDuration: number | null;
}

/**
 * Decode the file behind a "Download recording" link, in its page (the file's
 * origin): the picture through a <video> element and, with `audio`, the sound
 * through decodeAudioData.
 */
export async function decodeRecording(link: ElementHandle<Element>, { audio }: { audio: boolean }): Promise<DecodedRecording> {
  return link.evaluate(async (a, withAudio) => {
    const href = (a as HTMLAnchorElement).href;
    const bytes = await (await fetch(href)).arrayBuffer();
    const video = document.createElement('video');
    video.muted = true;
    video.src = href;
    await new Promise<void>((resolve, reject) => {
      video.onloadedmetadata = () => resolve();
      video.onerror = () => reject(new Error(`video error ${video.error?.code}`));
    });
    // MediaRecorder's WebM has no duration in its header: seeking to the end makes the browser find it.
    if (!Number.isFinite(video.duration)) {
      await new Promise<void>((resolve) => {
        video.ondurationchange = () => Number.isFinite(video.duration) && resolve();
        video.currentTime = 1e9;
      });
    }
    const audioDuration = withAudio ? (await new AudioContext().decodeAudioData(bytes.slice(0))).duration : null;
    return { size: bytes.byteLength, width: video.videoWidth, height: video.videoHeight, duration: video.duration, audioDuration };
  }, audio);
}
