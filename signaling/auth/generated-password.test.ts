import { describe, expect, it } from 'vitest';
import { Password } from '../../src/shared/protocol/admin.ts';
import { generatePassword } from './generated-password.ts';

describe('generatePassword', () => {
  it('uses only unambiguous characters, differs every time, and is a valid Password', () => {
    const passwords = new Set(Array.from({ length: 200 }, generatePassword));
    expect(passwords.size).toBe(200);
    for (const password of passwords) {
      expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
      expect(password).not.toMatch(/[01ilo]/);
      expect(Password.safeParse(password).success).toBe(true);
    }
  });
});
