// Work a handler starts but does not wait for, so that the socket's next
// messages are not held behind it. The gateway handles one message at a time
// per socket; an SMTP send that takes seconds would otherwise hold up the
// rep's WebRTC signaling for as long. Tracked, so a stopping server can wait
// for what is in flight instead of writing to a closed store.
import type { Logger } from '../log.ts';

export class BackgroundWork {
  readonly #log: Logger;
  readonly #pending = new Set<Promise<void>>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Starts `task`; a task should report its own failures, anything it throws is logged here. */
  run(what: string, task: () => Promise<void>): void {
    const running = task().catch((error: unknown) => this.#log.error(`[background] ${what} failed`, error));
    this.#pending.add(running);
    void running.finally(() => this.#pending.delete(running));
  }

  /** Waits for every task started so far (and those they start). */
  async drain(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }
}
