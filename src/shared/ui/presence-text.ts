// "Kim Customer: In the call · Muted · Speaking": what a participant does in
// the call, in words (states always visible, not only as icons).
import type { CallPresence } from '../protocol/call.ts';

type Key = 'call_in_call' | 'call_muted' | 'call_speaking' | 'call_camera_is_on' | 'call_not_in_call';

export function presenceKeys(presence: CallPresence): Key[] {
  const keys: Key[] = [];
  if (presence.voice) keys.push('call_in_call');
  if (presence.voice && presence.muted) keys.push('call_muted');
  if (presence.voice && !presence.muted && presence.speaking) keys.push('call_speaking');
  if (presence.camera) keys.push('call_camera_is_on');
  if (keys.length === 0) keys.push('call_not_in_call');
  return keys;
}
