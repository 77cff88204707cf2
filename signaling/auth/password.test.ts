import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('encodes scrypt parameters, a 16-byte salt and a 32-byte hash', async () => {
    const hash = await hashPassword('pw');
    const parts = hash.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '15', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64')).toHaveLength(32);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('treats composed and decomposed Unicode as the same password', async () => {
    const hash = await hashPassword('caf\u00e9');
    expect(await verifyPassword('cafe\u0301', hash)).toBe(true);
  });

  it('refuses unreadable or out-of-bounds hashes instead of throwing', async () => {
    expect(await verifyPassword('pw', '')).toBe(false);
    expect(await verifyPassword('pw', 'bcrypt$whatever')).toBe(false);
    const good = await hashPassword('pw');
    // log2 N of 30 would ask for 128 GiB: refused before hashing.
    expect(await verifyPassword('pw', good.replace(/^scrypt\$15\$/, 'scrypt$30$'))).toBe(false);
  });
});
