// File transfer (issue #9): the messages, validated at every edge.
//
//   peer ⇄ peer        FileControl    on the negotiated "files" data channel
//                                      (FILES_CHANNEL_ID, both ends): offer,
//                                      accept, decline, cancel, done, result
//   peer → peer        bytes          on one data channel per transfer
//                                      (label FILE_CHANNEL_PREFIX + id), binary only
//   dashboard → media  DashboardToFiles  over a runtime Port named FILES_PORT
//   media → dashboard  FilesToDashboard  (the transfers list, ≤ 4 pushes a second)
//
//  sender                                   receiver
//  offer ───────────────────────────────►   "Accept / Decline"
//        ◄───────────────────── accept       (opens an OPFS file)
//  bytes ══ data channel, back-pressure ══► written to OPFS, hashed as they come
//        ◄──────────────── ack{bytes}        (every MiB written: the sender's window)
//  done{sha256} ────────────────────────►   compares with its own hash
//        ◄──────────────── result{ok}        (a mismatch deletes the file)
//  cancel / decline ◄──────────────────►    either side, at any point: the partial file goes
import { z } from 'zod';
import { Id } from './common.ts';
import { ErrorReason } from './errors.ts';

/** The control channel's fixed SCTP stream id: both ends create it (negotiated), so no one has to wait for the other. */
export const FILES_CHANNEL_ID = 1001;
export const FILES_CHANNEL_LABEL = 'peerassist-files';
/** One data channel per transfer carries its bytes: label = prefix + transfer id. */
export const FILE_CHANNEL_PREFIX = 'peerassist-file:';
/** The largest file we offer to send (browsers' OPFS quotas are usually far above this). */
export const MAX_FILE_SIZE = 4 * 1024 ** 3;
export const MAX_FILE_NAME = 255;

export const TransferId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
/** A file name as shown: no path separators or control characters (it becomes a download's name). */
export const FileName = z
  .string()
  .min(1)
  .max(MAX_FILE_NAME)
  .refine((name) => !/[\u0000-\u001f\u007f/\\]/.test(name), 'a file name without path separators or control characters');
const Mime = z.string().max(200);

export const FileControl = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file.offer'),
    id: TransferId,
    name: FileName,
    size: z.number().int().nonnegative().max(MAX_FILE_SIZE),
    mime: Mime,
  }),
  z.object({ type: z.literal('file.accept'), id: TransferId }),
  z.object({ type: z.literal('file.decline'), id: TransferId }),
  z.object({ type: z.literal('file.cancel'), id: TransferId }),
  /** Receiver → sender: this many bytes are on disk (the sender stays within a window of it). */
  z.object({ type: z.literal('file.ack'), id: TransferId, bytes: z.number().int().nonnegative().max(MAX_FILE_SIZE) }),
  /** Every byte went on the data channel; this is their SHA-256. */
  z.object({ type: z.literal('file.done'), id: TransferId, sha256: Sha256Hex }),
  /** The receiver's verdict: its hash of what it wrote matched (ok) or not. */
  z.object({ type: z.literal('file.result'), id: TransferId, ok: z.boolean() }),
]);
export type FileControl = z.infer<typeof FileControl>;

/**
 * A transfer as the UIs show it.
 *   outgoing: offered → sending → verifying → done   (or declined / cancelled / failed)
 *   incoming: offered → receiving → verifying → done (or declined / cancelled / failed)
 */
export const TransferState = z.enum(['offered', 'sending', 'receiving', 'verifying', 'done', 'declined', 'cancelled', 'failed']);
export type TransferState = z.infer<typeof TransferState>;
export const FINISHED_STATES: readonly TransferState[] = ['done', 'declined', 'cancelled', 'failed'];

/** Why a transfer failed, for a sentence in the user's language. */
export const TransferFailure = z.enum(['hash_mismatch', 'connection_lost', 'write_failed', 'read_failed', 'protocol']);
export type TransferFailure = z.infer<typeof TransferFailure>;

export const TransferView = z.object({
  id: TransferId,
  /** The other end: on the rep's side a participant id; the customer's page has only the rep. */
  peerId: Id.nullable(),
  direction: z.enum(['out', 'in']),
  name: FileName,
  size: z.number().int().nonnegative(),
  mime: Mime,
  state: TransferState,
  /** Bytes sent (out) or written (in). */
  bytes: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  /** Who cancelled, when cancelled. */
  cancelledBy: z.enum(['me', 'peer']).nullable(),
  failure: TransferFailure.nullable(),
  /** A received, verified file's name in this origin's OPFS (the UI offers it to save). */
  stored: z.string().max(120).nullable(),
});
export type TransferView = z.infer<typeof TransferView>;

// ---- the rep's dashboard ⇄ the media context ---------------------------------

export const FILES_PORT = 'peerassist.files';

export const DashboardToFiles = z.discriminatedUnion('type', [
  /**
   * Send the file the dashboard copied into the extension's OPFS (a File cannot
   * cross runtime messaging) under `stored`; the media context reads it there.
   */
  z.object({ type: z.literal('files.send'), peerId: Id, stored: z.string().regex(/^out-[A-Za-z0-9_-]{8,40}$/), name: FileName, mime: Mime }),
  z.object({ type: z.literal('files.accept'), id: TransferId }),
  z.object({ type: z.literal('files.decline'), id: TransferId }),
  z.object({ type: z.literal('files.cancel'), id: TransferId }),
  /** Forget a finished transfer (and its received file). */
  z.object({ type: z.literal('files.dismiss'), id: TransferId }),
]);
export type DashboardToFiles = z.infer<typeof DashboardToFiles>;

export const FilesToDashboard = z.discriminatedUnion('type', [
  z.object({ type: z.literal('files.list'), transfers: z.array(TransferView).max(500) }),
  z.object({ type: z.literal('files.error'), reason: ErrorReason, message: z.string().max(500) }),
]);
export type FilesToDashboard = z.infer<typeof FilesToDashboard>;
