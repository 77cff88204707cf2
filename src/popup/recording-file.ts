// A finished recording, read from the extension's origin-private file system
// where the media context wrote it (src/offscreen/recorder.ts). The File is
// backed by disk, so its object URL does not copy the recording into memory.
import { RECORDINGS_DIR } from '../shared/protocol/call.ts';

export async function recordingUrl(file: string): Promise<string> {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(RECORDINGS_DIR);
  const handle = await dir.getFileHandle(file);
  return URL.createObjectURL(await handle.getFile());
}
