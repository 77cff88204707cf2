// Recording a session on the rep's side (issue #9): the stage (whatever screen
// the session shows: the rep's share or a staged customer's) and every voice,
// mixed with WebAudio, into one WebM file written chunk by chunk to the
// extension's origin-private file system (OPFS), so an hour of video never
// sits in memory. The dashboard (same extension origin) reads the finished
// file from there and offers it as a download.
//
// The stage can change while recording (share stopped, another customer
// staged): MediaRecorder cannot switch tracks, so it records a generated track
// (MediaStreamTrackGenerator) and we pump the frames of whichever stage track
// is current into it. Without a generator (Firefox), the stage track at the
// start is recorded as it is.

import { RECORDINGS_DIR } from '../shared/protocol/call.ts';

/** How long starting the audio mix may take before the recording goes on without it. */
const RESUME_WAIT_MS = 1_000;

/** Older recordings are removed when a new one starts: the OPFS is not an archive. */
const KEEP_RECORDINGS = 3;

export interface RecorderOptions {
  fileName: string;
  /** The stage's track when recording starts. */
  video: MediaStreamTrack;
  /**
   * Where the voices are mixed. By default this context's own AudioContext;
   * Firefox's background page cannot start one (resume() never settles
   * there), so its engine mixes in a dashboard page (page-devices.ts).
   */
  audioContext?: () => AudioContext;
  log?: (message: string, detail?: unknown) => void;
}

// Chrome's non-standard insertable streams on window (TESTING.md: they work here).
declare const MediaStreamTrackGenerator: (new (init: { kind: 'video' }) => MediaStreamTrack & { writable: WritableStream<VideoFrame> }) | undefined;
declare const MediaStreamTrackProcessor: (new (init: { track: MediaStreamTrack }) => { readable: ReadableStream<VideoFrame> }) | undefined;

function pickMimeType(): string | undefined {
  for (const type of ['video/webm;codecs=vp8,opus', 'video/webm;codecs=vp9,opus', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return undefined;
}

export async function recordingsDir(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(RECORDINGS_DIR, { create: true });
}

async function pruneOld(dir: FileSystemDirectoryHandle, keep: string): Promise<void> {
  const names: string[] = [];
  for await (const name of dir.keys()) if (name !== keep) names.push(name);
  names.sort(); // names carry the start time, so the oldest sort first
  for (const name of names.slice(0, Math.max(0, names.length - (KEEP_RECORDINGS - 1)))) {
    await dir.removeEntry(name).catch(() => {});
  }
}

export class SessionRecorder {
  readonly fileName: string;
  readonly startedAt = Date.now();
  bytes = 0;
  readonly #log: (message: string, detail?: unknown) => void;
  readonly #context: AudioContext;
  readonly #mix: MediaStreamAudioDestinationNode;
  readonly #sources = new Map<string, MediaStreamAudioSourceNode>();
  #recorder: MediaRecorder | undefined;
  #writable: FileSystemWritableFileStream | undefined;
  #writes: Promise<void> = Promise.resolve();
  #generator: (MediaStreamTrack & { writable: WritableStream<VideoFrame> }) | undefined;
  #writer: WritableStreamDefaultWriter<VideoFrame> | undefined;
  #pump: { source: MediaStreamTrack; clone: MediaStreamTrack; stop: () => void } | undefined;
  #fixedVideo: MediaStreamTrack | undefined;
  #stopped: Promise<void> | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.fileName = options.fileName;
    this.#log = options.log ?? (() => {});
    this.#context = options.audioContext?.() ?? new AudioContext();
    this.#mix = this.#context.createMediaStreamDestination();
    // A constant silent input keeps the mixed track producing samples with no voice at all.
    const silence = this.#context.createConstantSource();
    silence.offset.value = 0;
    silence.connect(this.#mix);
    silence.start();
  }

  async start(): Promise<void> {
    const dir = await recordingsDir();
    const handle = await dir.getFileHandle(this.fileName, { create: true });
    this.#writable = await handle.createWritable();
    await pruneOld(dir, this.fileName).catch((error: unknown) => this.#log('could not prune recordings', error));
    // An offscreen document has no user gesture: resume explicitly (allowed for extension pages).
    // Never wait on it for long: where it cannot start it never settles, and the
    // picture is still worth recording (the voices are then silent).
    const resumed = await Promise.race([
      this.#context.resume().then(() => true, () => false),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), RESUME_WAIT_MS)),
    ]);
    if (!resumed) this.#log('the audio mix could not start: the recording has no voices', this.#context.state);

    let video: MediaStreamTrack;
    if (typeof MediaStreamTrackGenerator === 'function' && typeof MediaStreamTrackProcessor === 'function') {
      this.#generator = new MediaStreamTrackGenerator({ kind: 'video' });
      this.#writer = this.#generator.writable.getWriter();
      video = this.#generator;
      this.setVideo(this.options.video);
    } else {
      this.#fixedVideo = this.options.video.clone();
      video = this.#fixedVideo;
    }
    const mixed = this.#mix.stream.getAudioTracks()[0];
    const stream = new MediaStream(mixed ? [video, mixed] : [video]);
    const mimeType = pickMimeType();
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    this.#recorder = recorder;
    recorder.ondataavailable = ({ data }) => {
      if (data.size === 0) return;
      this.bytes += data.size;
      const writable = this.#writable;
      this.#writes = this.#writes.then(() => writable?.write(data)).catch((error: unknown) => this.#log('could not write a chunk', error));
    };
    // One-second chunks: at most a second is lost if the browser dies mid-recording.
    recorder.start(1000);
  }

  /** Record this stage track from now on (null: keep the last picture; nothing new arrives). */
  setVideo(track: MediaStreamTrack | null): void {
    if (!this.#writer) return;
    if (this.#pump?.source === track) return;
    this.#pump?.stop();
    this.#pump = undefined;
    if (!track || track.readyState === 'ended' || typeof MediaStreamTrackProcessor !== 'function') return;
    // A clone: cancelling the processor must not end the track the peers get.
    const clone = track.clone();
    const reader = new MediaStreamTrackProcessor({ track: clone }).readable.getReader();
    let stopped = false;
    const writer = this.#writer;
    const pump = { source: track, clone, stop: () => { stopped = true; void reader.cancel().catch(() => {}); clone.stop(); } };
    this.#pump = pump;
    void (async () => {
      for (;;) {
        const { value: frame, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done || !frame) return;
        if (stopped) {
          frame.close();
          return;
        }
        await writer.write(frame).catch((error: unknown) => this.#log('could not record a frame', error));
        // Written (the generator holds its own reference) or refused: ours is closed either way.
        frame.close();
      }
    })();
  }

  addAudio(id: string, track: MediaStreamTrack): void {
    if (this.#sources.has(id)) this.removeAudio(id);
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    source.connect(this.#mix);
    this.#sources.set(id, source);
  }

  removeAudio(id: string): void {
    this.#sources.get(id)?.disconnect();
    this.#sources.delete(id);
  }

  /** Stops and closes the file; resolves when every chunk is on disk. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    const recorder = this.#recorder;
    if (recorder && recorder.state !== 'inactive') {
      const ended = new Promise<void>((resolve) => recorder.addEventListener('stop', () => resolve(), { once: true }));
      recorder.stop();
      await ended;
    }
    await this.#writes;
    await this.#writable?.close().catch((error: unknown) => this.#log('could not close the recording', error));
    this.#pump?.stop();
    this.#pump = undefined;
    await this.#writer?.close().catch(() => {});
    this.#generator?.stop();
    this.#fixedVideo?.stop();
    for (const id of [...this.#sources.keys()]) this.removeAudio(id);
    await this.#context.close().catch(() => {});
  }
}
