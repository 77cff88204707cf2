import { useEffect, useRef, useState } from 'preact/hooks';
import type { DashboardSession } from '../shared/protocol/runtime.ts';
import { supportFocus, switchedWhileShared, type SupportFocus } from './participant-view.ts';

/** How long after a switch the shares' end is still the switch's doing. */
const SWITCH_WINDOW_MS = 10_000;

/**
 * "Switching customer ends all sharing" (S14) happens in the background; the
 * rep should also be told. True once a switch made while something was shared
 * is followed by a state where nothing is; false again when the rep dismisses
 * it or shares anew.
 */
export function useSwitchNotice(sessions: readonly DashboardSession[], active: DashboardSession | null, now = Date.now) {
  const previous = useRef<SupportFocus | undefined>(undefined);
  const switchedAt = useRef<number | undefined>(undefined);
  const [shown, setShown] = useState(false);
  const focus = supportFocus(sessions, active);

  useEffect(() => {
    if (switchedWhileShared(previous.current, focus)) switchedAt.current = now();
    previous.current = focus;
    if (focus.shared) {
      setShown(false);
      return;
    }
    const at = switchedAt.current;
    if (at === undefined) return;
    switchedAt.current = undefined;
    if (now() - at <= SWITCH_WINDOW_MS) setShown(true);
  }, [focus.sessionId, focus.selectedId, focus.shared, focus.sessionIds.join()]);

  return { shown, dismiss: () => setShown(false) };
}
