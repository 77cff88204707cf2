// Who may do what (issue #3): the role rules in one place, so the WebSocket
// handlers, the admin API and the CLI cannot drift apart.
//
//   role    give support (rep.hello, sessions)   be a queue member   admin API / page
//   rep     yes                                  no                  no
//   agent   yes (a rep who also takes queues)    yes                 no
//   admin   no (unless also rep or agent)        no                  yes
//
// A disabled account may do nothing; the store already refuses its tokens.
import type { Role } from '../../src/shared/protocol/common.ts';
import type { SessionMode, SiteSettings } from '../../src/shared/protocol/settings.ts';
import type { User, UserChanges } from '../store/store.ts';

export type Action = 'give_support' | 'join_queue' | 'administer';

const ALLOWED: Record<Action, readonly Role[]> = {
  give_support: ['rep', 'agent'],
  join_queue: ['agent'],
  administer: ['admin'],
};

export function may(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => ALLOWED[action].includes(role));
}

/** The mode the rep's extension works in: their own if an admin set one, else the site's (S1, S11). */
export function effectiveSessionMode(user: Pick<User, 'sessionMode'>, settings: Pick<SiteSettings, 'sessionMode'>): SessionMode {
  return user.sessionMode ?? settings.sessionMode;
}

const isActiveAdmin = (user: Pick<User, 'roles' | 'disabled'>) => !user.disabled && may(user.roles, 'administer');

/**
 * Why `changes` to `target` must be refused, or undefined if they may be made:
 * the site must keep at least one enabled administrator, or nobody could
 * undo the change except from the command line.
 */
export function lockoutRefusal(target: User, changes: UserChanges, activeAdmins: number): string | undefined {
  const after = { roles: changes.roles ?? target.roles, disabled: changes.disabled ?? target.disabled };
  if (isActiveAdmin(target) && !isActiveAdmin(after) && activeAdmins <= 1) {
    return 'this is the last enabled administrator; make someone else an administrator first';
  }
  return undefined;
}

/** Enabled administrators among `users`. */
export function countActiveAdmins(users: readonly User[]): number {
  return users.filter(isActiveAdmin).length;
}
