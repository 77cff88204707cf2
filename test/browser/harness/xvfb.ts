// A virtual X display for the one browser here that must run headful: Firefox
// shares a window or screen only with a real screen to capture (headless
// getDisplayMedia fails with NotFoundError; under Xvfb it returns the screen).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface VirtualDisplay {
  /** For the DISPLAY environment variable, e.g. ":93". */
  display: string;
  close(): Promise<void>;
}

export const SCREEN = { width: 1280, height: 800 } as const;

/** Starts Xvfb on the first free display from :90. */
export async function startXvfb(): Promise<VirtualDisplay> {
  for (let n = 90; n < 140; n++) {
    if (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) continue;
    const child = spawn('Xvfb', [`:${n}`, '-screen', '0', `${SCREEN.width}x${SCREEN.height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    if (await ready(child, n)) {
      return {
        display: `:${n}`,
        close: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
  }
  throw new Error('no free X display for Xvfb (is the xvfb package installed?)');
}

/** Xvfb is ready when its socket exists; it exits at once when the display was taken meanwhile. */
async function ready(child: ChildProcess, n: number): Promise<boolean> {
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!spawned) throw new Error('Xvfb could not be started (apt-get install -y xvfb)');
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) return false;
    if (existsSync(`/tmp/.X11-unix/X${n}`)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  return false;
}
