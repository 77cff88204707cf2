// The Join page hands the customer's name to the Remote Support page in
// history.state, so the page joins straight away, and a reload mid-session
// joins again without asking. Once the session is over the name is dropped, so
// a reload then shows the form instead of knocking on a closed door.
import { checkName } from '../site/forms.ts';

export interface JoinHandoff {
  joinName: string;
}

export function joinHandoff(name: string): JoinHandoff {
  return { joinName: name };
}

/** The name carried in history.state, if it is one we would accept from the form. */
export function joinNameFrom(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('joinName' in state)) return null;
  const { joinName } = state;
  if (typeof joinName !== 'string') return null;
  const checked = checkName(joinName);
  return checked.ok ? checked.value : null;
}

export function rememberJoinName(name: string): void {
  history.replaceState(joinHandoff(name), '', location.href);
}

export function forgetJoinName(): void {
  if (joinNameFrom(history.state) !== null) history.replaceState(null, '', location.href);
}
