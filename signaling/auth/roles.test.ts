import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/protocol/common.ts';
import type { User } from '../store/store.ts';
import { countActiveAdmins, effectiveSessionMode, lockoutRefusal, may, type Action } from './roles.ts';

function user(roles: Role[], extra: Partial<User> = {}): User {
  return { id: 'u_x', email: 'x@example.com', name: 'X', passwordHash: '', roles, disabled: false, sessionMode: null, createdAt: 0, ...extra };
}

describe('may', () => {
  const cases: [Role[], Action, boolean][] = [
    [['rep'], 'give_support', true],
    [['agent'], 'give_support', true],
    [['admin'], 'give_support', false],
    [['admin', 'rep'], 'give_support', true],
    [['rep'], 'join_queue', false],
    [['agent'], 'join_queue', true],
    [['admin'], 'join_queue', false],
    [['rep'], 'administer', false],
    [['agent'], 'administer', false],
    [['admin'], 'administer', true],
    [['rep', 'agent', 'admin'], 'administer', true],
    [[], 'give_support', false],
  ];
  it.each(cases)('%j may %s: %s', (roles, action, expected) => {
    expect(may(roles, action)).toBe(expected);
  });
});

describe('effectiveSessionMode', () => {
  it('is the user’s own mode when set, else the site’s', () => {
    expect(effectiveSessionMode({ sessionMode: 'multi' }, { sessionMode: 'single' })).toBe('multi');
    expect(effectiveSessionMode({ sessionMode: null }, { sessionMode: 'single' })).toBe('single');
  });
});

describe('lockoutRefusal', () => {
  const admin = user(['admin', 'rep']);

  it('refuses disabling the last enabled administrator, or taking away their admin role', () => {
    expect(lockoutRefusal(admin, { disabled: true }, 1)).toMatch(/last enabled administrator/);
    expect(lockoutRefusal(admin, { roles: ['rep'] }, 1)).toMatch(/last enabled administrator/);
  });

  it('allows it while another administrator remains', () => {
    expect(lockoutRefusal(admin, { disabled: true }, 2)).toBeUndefined();
    expect(lockoutRefusal(admin, { roles: ['rep'] }, 2)).toBeUndefined();
  });

  it('allows every other change to the last administrator, and any change to others', () => {
    expect(lockoutRefusal(admin, { name: 'New', roles: ['admin'], sessionMode: 'single' }, 1)).toBeUndefined();
    expect(lockoutRefusal(user(['rep']), { disabled: true }, 1)).toBeUndefined();
    // Enabling a disabled admin, or a change to one, never locks anyone out.
    expect(lockoutRefusal(user(['admin'], { disabled: true }), { roles: ['rep'] }, 1)).toBeUndefined();
  });

  it('counts enabled administrators', () => {
    expect(countActiveAdmins([admin, user(['admin'], { disabled: true }), user(['rep']), user(['admin'])])).toBe(2);
  });
});
