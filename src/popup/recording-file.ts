// A finished recording, read from the extension's origin-private file system
// where the media context wrote it (src/offscreen/recorder.ts). The File is
// backed by disk, so its object URL does not copy the recording into memory.
import { useEffect, useState } from 'preact/hooks';
import { RECORDINGS_DIR } from '../shared/protocol/call.ts';

export async function recordingUrl(file: string): Promise<string> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(RECORDINGS_DIR);
  const handle = await dir.getFileHandle(file);
  return URL.createObjectURL(await handle.getFile());
}

/** An object URL for a finished recording in the origin-private file system, revoked when it changes. */
export function useRecordingDownload(file: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file) {
      setUrl(null);
      return;
    }
    let current: string | null = null;
    let cancelled = false;
    void recordingUrl(file)
      .then((made) => {
        if (cancelled) URL.revokeObjectURL(made);
        else setUrl((current = made));
      })
      .catch((error: unknown) => console.warn('[calls] recording not readable', error));
    return () => {
      cancelled = true;
      if (current) URL.revokeObjectURL(current);
      setUrl(null);
    };
  }, [file]);
  return url;
}
