import { describe, expect, it } from 'vitest';
import type { DashboardToFiles, TransferView } from '../shared/protocol/files.ts';
import { FilesLink, type FilesLinkPort } from './files-link.ts';

class FakePort implements FilesLinkPort {
  readonly posted: DashboardToFiles[] = [];
  readonly #messages: ((message: unknown) => void)[] = [];
  readonly #disconnects: (() => void)[] = [];
  disconnected = false;
  postMessage(message: DashboardToFiles): void {
    this.posted.push(message);
  }
  onMessage = { addListener: (listener: (message: unknown) => void) => void this.#messages.push(listener) };
  onDisconnect = { addListener: (listener: () => void) => void this.#disconnects.push(listener) };
  disconnect(): void {
    this.disconnected = true;
  }
  /** The media context says something. */
  push(message: unknown): void {
    for (const listener of this.#messages) listener(message);
  }
  /** The other end went away. */
  lose(): void {
    for (const listener of this.#disconnects) listener();
  }
}

function setup() {
  const ports: FakePort[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const lists: TransferView[][] = [];
  const ready: boolean[] = [];
  const abort = new AbortController();
  const link = new FilesLink({
    connect: () => {
      const port = new FakePort();
      ports.push(port);
      return port;
    },
    onList: (list) => lists.push(list),
    onError: () => {},
    onReady: (value) => ready.push(value),
    signal: abort.signal,
    setTimeout: (callback, ms) => timers.push({ callback, ms }),
    clearTimeout: () => {},
  });
  return { link, ports, timers, lists, ready, abort };
}

const accept = { type: 'files.accept', id: 'transfer-1-abc' } as const;

describe('FilesLink', () => {
  it('holds commands until the media context answers, then sends them once', () => {
    const { link, ports, ready } = setup();
    expect(link.connected).toBe(false);
    expect(link.send(accept)).toBe(true);
    expect(ports[0]!.posted).toEqual([]);
    ports[0]!.push({ type: 'files.list', transfers: [] });
    expect(link.connected).toBe(true);
    expect(ready).toEqual([true]);
    expect(ports[0]!.posted).toEqual([accept]);
    link.send(accept);
    expect(ports[0]!.posted).toHaveLength(2);
  });

  it('a port nobody answers (only the service worker holds it) is replaced, and the held command goes on the new one', () => {
    const { link, ports, timers } = setup();
    link.send(accept);
    // The hello timeout fires: nothing was heard.
    timers.shift()!.callback();
    expect(ports[0]!.disconnected).toBe(true);
    // Then the reconnect delay.
    timers.shift()!.callback();
    expect(ports).toHaveLength(2);
    ports[1]!.push({ type: 'files.list', transfers: [] });
    expect(ports[0]!.posted).toEqual([]);
    expect(ports[1]!.posted).toEqual([accept]);
  });

  it('ignores what does not parse, and clears the list when the port is lost', () => {
    const { ports, lists, ready } = setup();
    ports[0]!.push({ type: 'files.list', transfers: [{ bogus: true }] });
    expect(lists).toEqual([]);
    ports[0]!.push({ type: 'files.list', transfers: [] });
    ports[0]!.lose();
    expect(lists).toEqual([[], []]);
    expect(ready).toEqual([true, false]);
  });

  it('aborting disconnects and sends nothing more', () => {
    const { link, ports, abort } = setup();
    abort.abort();
    expect(ports[0]!.disconnected).toBe(true);
    expect(link.send(accept)).toBe(false);
  });
});
