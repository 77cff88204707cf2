// A voice call across a transfer of control (FEATURES.md S20: "a voice call
// continues where both ends support voice"), as the rep's CallHub tracks it:
//
//   old controller: reset('control_transferred') with the mic on → 'passed'
//     (video and recording ended, the call goes on with the new controller),
//     shown until the rep does something else in the call;
//   new controller: continueCall() → 'joining' for that session until its
//     microphone runs (Chrome may still need the permission) or the rep turns
//     voice off, declining it.
import type { CallEndReason, CallsState } from '../shared/protocol/call.ts';

export type Continuation = { readonly kind: 'passed' } | { readonly kind: 'joining'; readonly sessionId: string } | null;

/** After everything was reset: only a transfer with our voice in the call leaves one going on. */
export function afterReset(reason: CallEndReason, micWasOn: boolean): Continuation {
  return reason === 'control_transferred' && micWasOn ? { kind: 'passed' } : null;
}

/** After a command from the dashboard: any action clears 'passed'; voice off declines 'joining'. */
export function afterCommand(current: Continuation, command: { type: string; on?: boolean }): Continuation {
  if (current?.kind === 'passed') return null;
  if (command.type === 'calls.voice' && command.on === false) return null;
  return current;
}

/** Our microphone runs in this session: the call we were joining is joined. */
export function afterMicStarted(current: Continuation, sessionId: string): Continuation {
  return current?.kind === 'joining' && current.sessionId === sessionId ? null : current;
}

/** What a dashboard watching this session shows. */
export function shownFor(current: Continuation, sessionId: string | null): CallsState['callContinues'] {
  if (current === null) return null;
  if (current.kind === 'passed') return 'passed';
  return current.sessionId === sessionId ? 'joining' : null;
}
