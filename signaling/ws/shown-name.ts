// The name a rep is shown by to customers and colleagues. Participant lists
// carry it, so it must be a valid DisplayName even if the account's name (set
// by an administrator) is not.
import { DisplayName } from '../../src/shared/protocol/common.ts';
import type { User } from '../store/store.ts';

export function shownName(user: Pick<User, 'name'>): string {
  const parsed = DisplayName.safeParse(user.name);
  if (parsed.success) return parsed.data;
  // eslint-disable-next-line no-control-regex
  const cleaned = user.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, 64).trim();
  return cleaned || 'Representative';
}
