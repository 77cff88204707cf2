// The microphone or camera for a call, with a reason a person can act on when
// it fails (DeviceErrorReason; a sentence in en.ts/ko.ts). Shared by the rep's
// CallHub and the customer's CallClient.
import { deviceErrorReason, type DeviceErrorReason } from '../protocol/call.ts';

export class DeviceError extends Error {
  constructor(
    readonly reason: DeviceErrorReason,
    cause?: unknown,
  ) {
    super(reason, { cause });
  }
}

export interface Captured {
  stream: MediaStream;
  track: MediaStreamTrack;
}

export type GetUserMedia = (constraints: MediaStreamConstraints) => Promise<MediaStream>;

const CONSTRAINTS: Record<'mic' | 'camera', MediaStreamConstraints> = {
  mic: { audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } },
  // A face needs little: small and smooth leaves the uplink to the shared screen.
  camera: { video: { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { max: 24 } } },
};

/** `visiblePage`: false where no permission prompt can show (Chrome's offscreen document). */
export async function captureDevice(kind: 'mic' | 'camera', getUserMedia?: GetUserMedia, { visiblePage = true } = {}): Promise<Captured> {
  const get = getUserMedia ?? ((c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c));
  let stream: MediaStream;
  try {
    stream = await get(CONSTRAINTS[kind]);
  } catch (error) {
    // Already a reason (a getUserMedia that could not even ask, e.g. with no page to ask in).
    if (error instanceof DeviceError) throw error;
    throw new DeviceError(deviceErrorReason(kind, error, { visiblePage }), error);
  }
  const track = kind === 'mic' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
  if (!track) throw new DeviceError(kind === 'mic' ? 'mic_missing' : 'camera_missing');
  if (kind === 'camera') track.contentHint = 'motion';
  return { stream, track };
}
