// Voice, video and recording (issue #9): the messages of the two new edges.
//
//   rep's media engine ⇄ customer   CallPeerMessage over a negotiated data
//                                   channel (CALL_CHANNEL) on their PeerLink
//   dashboard ⇄ rep's media engine  CallsToMedia / MediaToCalls over a runtime
//                                   Port named CALLS_PORT (like the viewer's)
//
// Telling camera from screen. One PeerLink carries the stage (a screen), a
// camera and a microphone. Audio is audio; a video track is told apart by the
// id of the stream it was added with, which the receiver sees unchanged
// (RTCTrackEvent.streams[0].id = the sender's msid). Before a side adds its
// camera it announces that stream id ('tracks') on the call channel and waits
// for the 'ack', so the receiver knows the camera before the track can arrive
// by renegotiation (the channel is peer to peer; the offer goes through the
// server). Any other video track is the stage, as before.
//
// Recording: only the controlling rep records, and says so on every peer's
// channel (customers, and assistants, whose engine links to the controller as
// the polite end and believes only that link); a customer's page
// shows "Recording" from the 'recording' on:true until on:false, or until the
// link to the rep goes (then nothing can be recorded any more).
import { z } from 'zod';
import { Id, SignalPayload } from './common.ts';

/** Where recordings are written in the extension's origin-private file system. */
export const RECORDINGS_DIR = 'recordings';

/** The call channel: negotiated on both ends with a fixed id, so neither side has to wait for the other to open it. */
export const CALL_CHANNEL = { label: 'peerassist.calls', id: 91 } as const;

/** A MediaStream id as Chrome and Firefox make them (a UUID, sometimes braced). */
export const StreamId = z.string().regex(/^[\x21-\x7e]{1,128}$/, 'not a stream id');

/** Why a call or recording ended without the user's asking. */
export const CallEndReason = z.enum(['control_transferred', 'session_ended', 'peer_gone']);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** What a side does in the call, as it tells the other side (shown beside their name). */
export const CallPresence = z.object({
  voice: z.boolean(),
  muted: z.boolean(),
  camera: z.boolean(),
  speaking: z.boolean(),
});
export type CallPresence = z.infer<typeof CallPresence>;
export const NO_PRESENCE: CallPresence = { voice: false, muted: false, camera: false, speaking: false };

export const CallPeerMessage = z.discriminatedUnion('type', [
  /** The stream id my camera is (or will be) sent with; null: no camera. Answered by 'ack'. */
  z.object({ type: z.literal('tracks'), seq: z.number().int().nonnegative(), camera: StreamId.nullable() }),
  z.object({ type: z.literal('ack'), seq: z.number().int().nonnegative() }),
  z.object({ type: z.literal('presence'), presence: CallPresence }),
  /** Rep → customer only: the session is being recorded (from on:true to on:false). */
  z.object({ type: z.literal('recording'), on: z.boolean() }),
  /** Rep → customer: voice, video and recording end now, and why. */
  z.object({ type: z.literal('ended'), reason: CallEndReason }),
]);
export type CallPeerMessage = z.infer<typeof CallPeerMessage>;

/**
 * Why a device could not be used, each a sentence in en.ts/ko.ts
 * (call_error_<reason>). permission_needed: Chrome gives an offscreen document
 * no prompt; a visible extension page must ask once (calls/permission.html).
 */
export const DeviceErrorReason = z.enum([
  'mic_denied',
  'camera_denied',
  'mic_missing',
  'camera_missing',
  'device_busy',
  'device_failed',
  'permission_needed',
  'recording_failed',
  'nothing_to_record',
]);
export type DeviceErrorReason = z.infer<typeof DeviceErrorReason>;

/** Maps what getUserMedia threw to a reason a person can act on. */
export function deviceErrorReason(kind: 'mic' | 'camera', error: unknown, { visiblePage = true } = {}): DeviceErrorReason {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      // An offscreen document cannot show a prompt: Chrome dismisses it at once.
      return visiblePage ? (kind === 'mic' ? 'mic_denied' : 'camera_denied') : 'permission_needed';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return kind === 'mic' ? 'mic_missing' : 'camera_missing';
    case 'NotReadableError':
    case 'AbortError':
      return 'device_busy';
    default:
      return 'device_failed';
  }
}

// ---- dashboard ⇄ media (CALLS_PORT) -------------------------------------------

export const CALLS_PORT = 'peerassist.calls';

export const CallsToMedia = z.discriminatedUnion('type', [
  /** Show the call of this session (the active session tab). */
  z.object({ type: z.literal('calls.watch'), sessionId: Id }),
  z.object({ type: z.literal('calls.voice'), sessionId: Id, on: z.boolean() }),
  z.object({ type: z.literal('calls.mute'), muted: z.boolean() }),
  z.object({ type: z.literal('calls.camera'), sessionId: Id, on: z.boolean() }),
  /** `number` names the file. */
  z.object({ type: z.literal('calls.record'), sessionId: Id, on: z.boolean(), number: z.string().regex(/^\d{1,12}$/).optional() }),
  z.object({ type: z.literal('calls.signal'), payload: SignalPayload }),
]);
export type CallsToMedia = z.infer<typeof CallsToMedia>;

export const RecordingState = z.object({
  on: z.boolean(),
  startedAt: z.number().nullable(),
  /** The file being written, or the last one finished (in the extension's origin-private file system). */
  file: z.string().max(200).nullable(),
  /** The last finished file's size in bytes. */
  bytes: z.number().nonnegative().nullable(),
  /** For an assistant: the controlling rep is recording this session (told on the call channel). */
  byController: z.boolean(),
});
export type RecordingState = z.infer<typeof RecordingState>;

export const CallsState = z.object({
  sessionId: Id.nullable(),
  /** The rep's own side. */
  self: CallPresence,
  /** Per participant of the watched session: what they do in the call, and their camera's stream id on the local link. */
  peers: z.record(Id, CallPresence.extend({ cameraStream: StreamId.nullable() })),
  /** The rep's own camera preview's stream id on the local link. */
  selfCameraStream: StreamId.nullable(),
  recording: RecordingState,
  error: DeviceErrorReason.nullable(),
  /** Voice, video or recording ended by themselves (e.g. control passed), until the next action. */
  ended: CallEndReason.nullable(),
  /**
   * Control passed with a voice call running (S20): 'passed' on the old
   * controller's side (video and recording ended, the call goes on with the new
   * controller); 'joining' on the new controller's, until its microphone runs
   * (e.g. while Chrome still needs the permission).
   */
  callContinues: z.enum(['passed', 'joining']).nullable(),
});
export type CallsState = z.infer<typeof CallsState>;

export const MediaToCalls = z.discriminatedUnion('type', [
  z.object({ type: z.literal('calls.state'), state: CallsState }),
  z.object({ type: z.literal('calls.signal'), payload: SignalPayload }),
]);
export type MediaToCalls = z.infer<typeof MediaToCalls>;

/** A file name the rep will recognise: the session number and the local start time. */
export function recordingFileName(number: string | undefined, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `peerassist-${number ?? 'session'}-${stamp}.webm`;
}
