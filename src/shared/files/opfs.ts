// Where transferred files live: the Origin Private File System, on disk, so a
// 100 MB file never sits in the page's memory. Received chunks are written
// through createWritable (a swap file the browser commits on close()); the
// finished file is read back as a disk-backed File for "Save". One directory
// per origin holds them; the extension's popup and offscreen document share it
// (same origin), which is how a picked File reaches the offscreen engine.

/** Where received bytes go, chunk by chunk. */
export interface FileSink {
  write(chunk: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Commit: the file becomes readable under its name. */
  close(): Promise<void>;
  /** Discard everything written. */
  abort(): Promise<void>;
}

export interface FileStore {
  create(name: string): Promise<FileSink>;
  read(name: string): Promise<File>;
  /** Delete the file; a missing one is not an error. */
  remove(name: string): Promise<void>;
}

export const FILES_DIRECTORY = 'peerassist-files';

async function directory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(FILES_DIRECTORY, { create: true });
}

export function opfsStore(): FileStore {
  return {
    async create(name) {
      const handle = await (await directory()).getFileHandle(name, { create: true });
      const writable = await handle.createWritable({ keepExistingData: false });
      return {
        write: (chunk) => writable.write(chunk),
        close: () => writable.close(),
        abort: () => writable.abort(),
      };
    },
    async read(name) {
      return (await (await directory()).getFileHandle(name)).getFile();
    },
    async remove(name) {
      try {
        await (await directory()).removeEntry(name);
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'NotFoundError')) throw error;
      }
    },
  };
}

/** Copy a picked File into OPFS as `name`, streamed (never whole in memory). */
export async function copyIntoStore(file: Blob, name: string): Promise<void> {
  const handle = await (await directory()).getFileHandle(name, { create: true });
  const writable = await handle.createWritable({ keepExistingData: false });
  // pipeTo closes the writable on success and aborts it on failure.
  await file.stream().pipeTo(writable);
}

/**
 * Remove files left by an earlier run (a closed page cannot clean up after
 * itself). With `olderThanMs`, only files not written for that long: another
 * tab of the same origin may be receiving one right now.
 */
export async function clearStore(olderThanMs = 0, now = Date.now()): Promise<void> {
  const dir = await directory();
  const stale: string[] = [];
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    if (handle.kind !== 'file') continue;
    if (olderThanMs > 0) {
      const file = await (handle as FileSystemFileHandle).getFile().catch(() => null);
      if (file && now - file.lastModified < olderThanMs) continue;
    }
    stale.push(name);
  }
  await Promise.all(stale.map((name) => dir.removeEntry(name).catch(() => {})));
}
