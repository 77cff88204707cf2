// Accounts in SQLite. Roles are a JSON array column: a user holds one to three
// of them and they are always read together with the user.
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { Role } from '../../../src/shared/protocol/common.ts';
import { SessionMode } from '../../../src/shared/protocol/settings.ts';
import { newId } from '../../sessions/ids.ts';
import { DuplicateError, normalizeEmail, type NewUser, type User, type UserRepo } from '../store.ts';
import { isUniqueViolation, jsonColumn } from './rows.ts';

const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  password_hash: z.string(),
  roles: jsonColumn(z.array(Role), 'roles'),
  disabled: z.number(),
  session_mode: SessionMode.nullable(),
  created_at: z.number(),
});

export function toUser(row: unknown): User | undefined {
  if (row === undefined) return undefined;
  const r = UserRow.parse(row);
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    passwordHash: r.password_hash,
    roles: r.roles,
    disabled: r.disabled !== 0,
    sessionMode: r.session_mode,
    createdAt: r.created_at,
  };
}

export function sqliteUsers(db: Database.Database): UserRepo {
  const insert = db.prepare(
    `INSERT INTO users (id, email, name, password_hash, roles, disabled, session_mode, created_at)
     VALUES (@id, @email, @name, @passwordHash, @roles, @disabled, @sessionMode, @createdAt)`,
  );
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const all = db.prepare('SELECT * FROM users ORDER BY created_at, email');
  const count = db.prepare('SELECT COUNT(*) FROM users').pluck();
  const write = db.prepare(
    `UPDATE users SET name = @name, password_hash = @passwordHash, roles = @roles, disabled = @disabled,
     session_mode = @sessionMode WHERE id = @id`,
  );
  const row = (user: User) => ({ ...user, roles: JSON.stringify(user.roles), disabled: user.disabled ? 1 : 0 });

  // Read, merge and write in one transaction, so two admins editing one user never lose a field.
  const update = db.transaction((id: string, changes: Parameters<UserRepo['update']>[1]): User | undefined => {
    const current = toUser(byId.get(id));
    if (!current) return undefined;
    const next: User = {
      ...current,
      ...(changes.name !== undefined && { name: changes.name }),
      ...(changes.roles !== undefined && { roles: [...new Set(changes.roles)] }),
      ...(changes.disabled !== undefined && { disabled: changes.disabled }),
      ...(changes.sessionMode !== undefined && { sessionMode: changes.sessionMode }),
      ...(changes.passwordHash !== undefined && { passwordHash: changes.passwordHash }),
    };
    write.run(row(next));
    return next;
  });

  return {
    async create(user: NewUser): Promise<User> {
      const created: User = {
        id: newId('u'),
        email: normalizeEmail(user.email),
        name: user.name,
        passwordHash: user.passwordHash,
        roles: [...new Set(user.roles)],
        disabled: false,
        sessionMode: user.sessionMode ?? null,
        createdAt: Date.now(),
      };
      try {
        insert.run(row(created));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('email');
        throw error;
      }
      return created;
    },
    async findByEmail(email) {
      return toUser(byEmail.get(normalizeEmail(email)));
    },
    async findById(id) {
      return toUser(byId.get(id));
    },
    async list() {
      return all.all().map((r) => toUser(r) as User);
    },
    async update(id, changes) {
      return update(id, changes);
    },
    async count() {
      return Number(count.get());
    },
  };
}
