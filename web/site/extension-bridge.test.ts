import { describe, expect, it } from 'vitest';
import { EXTENSION_SOURCE, type ExtensionToPage, type PageToExtension } from '../../src/shared/protocol/site.ts';
import { askToAssist, pingExtension, type BridgeTimers, type BridgeWindow } from './extension-bridge.ts';

const ORIGIN = 'http://support.example.test:8787';

/** A window whose posted messages come back to its own listeners, like the real one; `extension` plays the content script. */
class FakeWindow implements BridgeWindow {
  readonly location = { origin: ORIGIN };
  readonly posted: PageToExtension[] = [];
  readonly #listeners = new Set<(event: MessageEvent) => void>();
  extension: ((message: PageToExtension) => ExtensionToPage | undefined) | undefined;

  postMessage(message: PageToExtension): void {
    this.posted.push(message);
    this.deliver(message);
    const answer = this.extension?.(message);
    if (answer) this.deliver(answer);
  }
  /** A message event as this window would receive it (from itself unless `over` says otherwise). */
  deliver(data: unknown, over: { source?: unknown; origin?: string } = {}): void {
    const event = Object.assign(new Event('message'), { data, source: this, origin: ORIGIN, ...over }) as unknown as MessageEvent;
    for (const listener of [...this.#listeners]) listener(event);
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.#listeners.delete(listener);
  }
  get listening(): number {
    return this.#listeners.size;
  }
}

/** Timers moved by hand. */
class Timers implements BridgeTimers {
  now = 0;
  #id = 0;
  readonly #due = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    this.#due.set(++this.#id, { at: this.now + ms, fn });
    return this.#id;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.#due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now || !this.#due.has(id)) continue;
      this.#due.delete(id);
      timer.fn();
    }
  }
  get pending(): number {
    return this.#due.size;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('pingExtension', () => {
  it('finds a signed-in extension and cleans up after itself', async () => {
    const win = new FakeWindow();
    const timers = new Timers();
    win.extension = (m) => (m.type === 'ping' ? { source: EXTENSION_SOURCE, type: 'ready', signedIn: true } : undefined);
    await expect(pingExtension(win, timers)).resolves.toEqual({ present: true, signedIn: true });
    expect(win.posted).toEqual([{ source: 'peerassist-site', type: 'ping' }]);
    expect(win.listening).toBe(0);
    expect(timers.pending).toBe(0);
  });

  it('reports a signed-out extension', async () => {
    const win = new FakeWindow();
    win.extension = () => ({ source: EXTENSION_SOURCE, type: 'ready', signedIn: false });
    await expect(pingExtension(win, new Timers())).resolves.toEqual({ present: true, signedIn: false });
  });

  it('pings again while the content script may still be loading, and gives up after a second', async () => {
    const win = new FakeWindow();
    const timers = new Timers();
    const result = pingExtension(win, timers);
    timers.advance(999);
    expect(win.posted.length).toBe(4); // at 0, 250, 500, 750 ms
    timers.advance(1);
    await expect(result).resolves.toEqual({ present: false });
    expect(win.listening).toBe(0);
  });

  it('ignores answers from another window or origin, and malformed ones', async () => {
    const win = new FakeWindow();
    const timers = new Timers();
    const result = pingExtension(win, timers);
    const ready = { source: EXTENSION_SOURCE, type: 'ready', signedIn: true };
    win.deliver(ready, { source: {} });
    win.deliver(ready, { origin: 'http://evil.example.test' });
    win.deliver({ ...ready, signedIn: 'yes' });
    win.deliver({ source: 'someone-else', type: 'ready', signedIn: true });
    timers.advance(1000);
    await expect(result).resolves.toEqual({ present: false });
  });
});

describe('askToAssist', () => {
  it('resolves with the extension’s result for this number', async () => {
    const win = new FakeWindow();
    win.extension = (m) => (m.type === 'assist' ? { source: EXTENSION_SOURCE, type: 'assist.result', number: m.number, ok: true } : undefined);
    await expect(askToAssist(win, '123456789', new Timers())).resolves.toEqual({ ok: true });
    expect(win.posted).toEqual([{ source: 'peerassist-site', type: 'assist', number: '123456789' }]);
  });

  it('carries the reason of a refusal, and ignores results for another number', async () => {
    const win = new FakeWindow();
    const timers = new Timers();
    const result = askToAssist(win, '123456789', timers);
    win.deliver({ source: EXTENSION_SOURCE, type: 'assist.result', number: '987654321', ok: true });
    win.deliver({ source: EXTENSION_SOURCE, type: 'assist.result', number: '123456789', ok: false, reason: 'no_session' });
    await expect(result).resolves.toEqual({ ok: false, reason: 'no_session' });
  });

  it('says network when the extension never answers', async () => {
    const win = new FakeWindow();
    const timers = new Timers();
    const result = askToAssist(win, '123456789', timers, 5000);
    await flush();
    timers.advance(5000);
    await expect(result).resolves.toEqual({ ok: false, reason: 'network' });
  });
});
