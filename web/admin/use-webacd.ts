// The Queues tab's live view (issue #8): GET /api/admin/webacd every 2 s while
// the tab is mounted (TabPanel is lazy: a hidden tab is unmounted) and the page
// is visible. One AbortController per mount: unmounting aborts the timer, the
// visibility listener and the request in flight.
import { useEffect, useState } from 'preact/hooks';
import type { WebacdSnapshot } from '../../src/shared/protocol/admin.ts';
import type { AdminApi } from './api.ts';
import { poll } from './poll.ts';

export const WEBACD_POLL_MS = 2000;

export interface WebacdLive {
  snapshot: WebacdSnapshot | null;
  /** The page's clock at the last successful refresh (epoch ms). */
  updatedAt: number | null;
  /** The last refresh failed: what is shown may be out of date. */
  stale: boolean;
}

export function useWebacdLive(api: Pick<AdminApi, 'getWebacd'>): WebacdLive {
  const [live, setLive] = useState<WebacdLive>({ snapshot: null, updatedAt: null, stale: false });
  useEffect(() => {
    const controller = new AbortController();
    poll({
      intervalMs: WEBACD_POLL_MS,
      signal: controller.signal,
      timers: { set: (callback, ms) => window.setTimeout(callback, ms), clear: (handle) => window.clearTimeout(handle as number) },
      visible: () => document.visibilityState === 'visible',
      onVisibilityChange: (listener, signal) => document.addEventListener('visibilitychange', listener, { signal }),
      run: async (signal) => {
        try {
          const snapshot = await api.getWebacd(signal);
          if (!signal.aborted) setLive({ snapshot, updatedAt: Date.now(), stale: false });
        } catch {
          if (!signal.aborted) setLive((last) => (last.stale ? last : { ...last, stale: true }));
        }
      },
    });
    return () => controller.abort();
  }, [api]);
  return live;
}
