// Shared helpers for the SQLite repositories: rows are parsed, not cast, so a
// hand-edited database fails loudly instead of handing odd values to handlers.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { z } from 'zod';

/** Parses a JSON text column with `schema`; a bad value is a ZodError naming the column. */
export function jsonColumn<S extends z.ZodType>(schema: S, column: string) {
  return z.string().transform((text, ctx): z.infer<S> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${column} is not JSON: ${text.slice(0, 80)}` });
      return z.NEVER;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `bad ${column} ${text.slice(0, 80)}` });
      return z.NEVER;
    }
    return parsed.data;
  });
}

/** Tokens are stored as their SHA-256 only: a copy of the database signs no one in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True for a UNIQUE (or PRIMARY KEY) constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
  );
}
