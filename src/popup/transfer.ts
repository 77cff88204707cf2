// Who the controlling rep can hand the session to (FEATURES.md S18–S19), as a
// plain function of the dashboard state (tested beside this file).
import type { Participant } from '../shared/protocol/common.ts';

/**
 * The reps who can take control now: every assistant of the session who is
 * connected, in joining order. One who left, or is still only invited, cannot
 * (the server refuses control.transfer to them with a typed error too).
 */
export function transferTargets(participants: readonly Participant[]): Participant[] {
  return participants.filter((p) => p.role === 'assistant' && p.state === 'connected');
}

/**
 * Which assistant the dialog has chosen: the rep's choice while that assistant
 * is still there; otherwise the only one, when there is exactly one (nothing
 * to choose); otherwise nobody, and Transfer waits for a choice.
 */
export function chosenTarget(targets: readonly Participant[], choice: string | undefined): Participant | undefined {
  const chosen = targets.find((p) => p.id === choice);
  if (chosen) return chosen;
  return targets.length === 1 ? targets[0] : undefined;
}
