// A fresh install has no accounts, and nobody can sign in to create one. The
// first start therefore creates a rep/admin account with a random password and
// writes it to DATA_DIR/first-login.txt (readable by the owner only), which
// `npm start` prints until the operator deletes the file.
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { generatePassword } from './auth/generated-password.ts';
import { hashPassword } from './auth/password.ts';
import type { Store } from './store/store.ts';

export const FIRST_LOGIN_FILE = 'first-login.txt';
export const FIRST_USER = { email: 'rep@peerassist.local', name: 'PeerAssist Rep' } as const;

export interface FirstLogin {
  email: string;
  password: string;
  /** True when this call created the account; false when it only re-reads the file. */
  created: boolean;
  /** Where the credentials are written. */
  file: string;
}

function render(email: string, password: string): string {
  return [
    'PeerAssist: first sign-in',
    `email: ${email}`,
    `password: ${password}`,
    '',
    'Sign in with these in the extension or on the admin page (/admin), create your own accounts, then delete this file.',
    '',
  ].join('\n');
}

async function readFirstLogin(file: string): Promise<{ email: string; password: string } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const email = /^email: (.+)$/m.exec(text)?.[1]?.trim();
  const password = /^password: (.+)$/m.exec(text)?.[1]?.trim();
  return email && password ? { email, password } : undefined;
}

export async function ensureFirstUser(store: Store, dataDir: string): Promise<FirstLogin | undefined> {
  const file = join(dataDir, FIRST_LOGIN_FILE);
  if ((await store.users.count()) > 0) {
    const existing = await readFirstLogin(file);
    return existing && { ...existing, created: false, file };
  }
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  // The file is written before the account exists: if writing fails, the next
  // start tries again instead of leaving an account nobody knows the password of.
  await writeFile(file, render(FIRST_USER.email, password), { mode: 0o600 });
  // `mode` only applies when the file is created; an old file keeps its mode otherwise.
  await chmod(file, 0o600);
  await store.users.create({ email: FIRST_USER.email, name: FIRST_USER.name, passwordHash, roles: ['rep', 'admin'] });
  return { email: FIRST_USER.email, password, created: true, file };
}
