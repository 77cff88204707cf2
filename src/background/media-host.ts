// Where the rep's media lives, behind one interface:
//   Chrome  → an offscreen document (the service worker has no RTCPeerConnection)
//   Firefox → the background page itself (an event page with a DOM; no offscreen API),
//             with windows and screens captured in a dashboard page (page-captures.ts)
import { RepFiles, type FilesPort } from '../offscreen/file-transfers.ts';
import type { CallsPort } from '../offscreen/calls.ts';
import { MediaEngine, type ViewerPort } from '../offscreen/media-engine.ts';
import { PageCaptures } from './page-captures.ts';
import { audioContextInPage, getUserMediaInPage, type DevicePage } from './page-devices.ts';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { MediaReply, type MediaCommand, type MediaCommandBody, type MediaEventBody } from '../shared/protocol/runtime.ts';


export interface MediaHost {
  /** Run a command in the media context; rejects with a PeerAssistError on failure. */
  run(command: MediaCommandBody): Promise<Extract<MediaReply, { ok: true }>>;
  /** Whether the media context exists right now (without creating it). */
  exists(): Promise<boolean>;
  /** Free the media context when no session needs it. */
  dispose(): Promise<void>;
}

function unwrap(reply: unknown): Extract<MediaReply, { ok: true }> {
  const parsed = MediaReply.safeParse(reply);
  if (!parsed.success) throw new PeerAssistError('internal', 'the media context gave no valid answer');
  if (!parsed.data.ok) throw new PeerAssistError(parsed.data.reason, parsed.data.message);
  return parsed.data;
}

const OFFSCREEN_PATH = 'offscreen/offscreen.html';

export class OffscreenMediaHost implements MediaHost {
  #creating: Promise<void> | undefined;

  async exists(): Promise<boolean> {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
      documentUrls: [chrome.runtime.getURL(OFFSCREEN_PATH)],
    });
    return contexts.length > 0;
  }

  /**
   * Only one offscreen document may exist: concurrent callers share one check
   * and one creation. (Sharing only the creation was not enough: a caller
   * whose existence check began before another's creation and ended after it
   * created a second document, which Chrome refuses, and its command was lost.)
   */
  #ensure(): Promise<void> {
    this.#creating ??= this.#ensureOnce().finally(() => {
      this.#creating = undefined;
    });
    return this.#creating;
  }

  async #ensureOnce(): Promise<void> {
    if (await this.exists()) return;
    await chrome.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: [chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.DISPLAY_MEDIA, chrome.offscreen.Reason.WEB_RTC],
        justification: 'Holds the support session’s peer connections and the captured tab, window or screen while the popup is closed.',
      })
      // Created meanwhile by another context (a restarted worker): that one will do.
      .catch(async (error: unknown) => {
        if (!(await this.exists())) throw error;
      });
  }

  async run(command: MediaCommandBody): Promise<Extract<MediaReply, { ok: true }>> {
    await this.#ensure();
    const reply: unknown = await chrome.runtime.sendMessage({ ...command, target: 'media' });
    return unwrap(reply);
  }

  async dispose(): Promise<void> {
    if (await this.exists()) await chrome.offscreen.closeDocument();
  }
}

export class InlineMediaHost implements MediaHost {
  #engine: MediaEngine | undefined;
  #files: RepFiles | undefined;
  /** Windows and screens captured in a dashboard page (this page cannot show the picker). */
  readonly captures = new PageCaptures();

  constructor(
    private readonly emit: (event: MediaEventBody) => void,
    /** The rep's dashboard pages (tabs, sidebar), where the microphone and camera are asked for (page-devices.ts). */
    private readonly devicePages: () => readonly DevicePage[],
  ) {
    this.captures.onPageClosing((stream) => this.#engine?.shareSourceGone(stream));
  }

  async exists(): Promise<boolean> {
    return this.#engine !== undefined;
  }

  async run(command: MediaCommandBody): Promise<Extract<MediaReply, { ok: true }>> {
    return unwrap(await this.#ensure().handle({ ...command, target: 'media' } as MediaCommand));
  }

  /** Firefox: the dashboard's viewer port reaches the background page, where the engine lives. */
  acceptViewer(port: ViewerPort): void {
    this.#ensure().attachViewer(port);
  }

  /** Firefox: the dashboard's file transfers port reaches the background page too. */
  acceptFiles(port: FilesPort): void {
    this.#ensure();
    this.#files?.acceptPort(port);
  }

  /** Firefox: the dashboard's call controls reach the engine here too (issue #9). */
  acceptCalls(port: CallsPort): void {
    this.#ensure().calls.attachWatcher(port);
  }

  #ensure(): MediaEngine {
    if (!this.#engine) {
      const files = (this.#files ??= new RepFiles());
      this.#engine = new MediaEngine({
        emit: this.emit,
        onPeer: (id, pc, signal) => files.attach(id, pc, signal),
        captureDesktop: (limits) => this.captures.take(limits),
        // A refusal there is the rep's answer to Firefox's prompt.
        devices: { getUserMedia: getUserMediaInPage(this.devicePages), visiblePage: true, audioContext: audioContextInPage(this.devicePages) },
      });
    }
    return this.#engine;
  }

  async dispose(): Promise<void> {
    await this.#engine?.handle({ type: 'media.reset', target: 'media' });
    this.#engine = undefined;
  }
}
