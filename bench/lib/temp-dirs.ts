// What must not outlive the bench, even when a group's process exits before
// its finally blocks run (its parent went away, or it was sent SIGTERM):
// browsers are killed, then temporary directories (browser profiles, the
// build snapshot) removed, in one exit hook, in that order, so no browser is
// still writing into a profile being removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs = new Set<string>();
const processes = new Set<{ kill(signal: NodeJS.Signals): unknown }>();

process.once('exit', () => {
  for (const child of processes) child.kill('SIGKILL');
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while the process exits.
    }
  }
});

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return {
    dir,
    remove: () => {
      dirs.delete(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kills `child` at exit if it is still registered then; returns the function that unregisters it. */
export function killAtExit(child: { kill(signal: NodeJS.Signals): unknown }): () => void {
  processes.add(child);
  return () => processes.delete(child);
}
