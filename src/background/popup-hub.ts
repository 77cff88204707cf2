// The popup (or side panel) talks to the background over a runtime Port named
// 'dashboard': it sends PopupCommands and receives a state snapshot on connect
// and after every change, plus one reply per command (matched by rid).
import type { Runtime } from 'webextension-polyfill';
import { PeerAssistError } from '../shared/protocol/errors.ts';
import { PopupCommand, type PopupPush } from '../shared/protocol/runtime.ts';
import type { RepStore } from './rep-store.ts';

export const DASHBOARD_PORT = 'dashboard';

export class PopupHub {
  readonly #ports = new Set<Runtime.Port>();

  constructor(
    private readonly store: RepStore,
    private readonly execute: (command: PopupCommand) => Promise<void>,
    private readonly extensionOrigin: string,
  ) {
    store.subscribe(() => this.#broadcast());
  }

  accept(port: Runtime.Port): void {
    // Only our own pages (popup, side panel, options) may drive a session; a
    // content script's port comes from a web page and is refused.
    if (!port.sender?.url?.startsWith(this.extensionOrigin)) {
      port.disconnect();
      return;
    }
    this.#ports.add(port);
    port.onDisconnect.addListener(() => this.#ports.delete(port));
    port.onMessage.addListener((message: unknown) => void this.#onMessage(port, message));
    void this.store.ready.then(() => this.#post(port, { type: 'state', state: this.store.snapshot() }));
  }

  async #onMessage(port: Runtime.Port, message: unknown): Promise<void> {
    const parsed = PopupCommand.safeParse(message);
    const rid = typeof (message as { rid?: unknown } | null)?.rid === 'string' ? (message as { rid: string }).rid : 'unknown';
    if (!parsed.success) {
      this.#post(port, { type: 'reply', rid, ok: false, error: { reason: 'malformed', message: parsed.error.issues[0]?.message ?? 'invalid' } });
      return;
    }
    await this.store.ready;
    try {
      await this.execute(parsed.data);
      this.#post(port, { type: 'reply', rid, ok: true });
    } catch (error) {
      const reason = error instanceof PeerAssistError ? error.reason : 'internal';
      if (reason === 'internal') console.error('[popup] command failed', parsed.data.type, error);
      this.#post(port, { type: 'reply', rid, ok: false, error: { reason, message: error instanceof Error ? error.message : String(error) } });
    }
  }

  #broadcast(): void {
    const push: PopupPush = { type: 'state', state: this.store.snapshot() };
    for (const port of this.#ports) this.#post(port, push);
  }

  #post(port: Runtime.Port, push: PopupPush): void {
    try {
      port.postMessage(push);
    } catch {
      this.#ports.delete(port); // closed between the change and the push
    }
  }
}
