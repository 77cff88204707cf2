// Who is calling the API: the user behind "Authorization: Bearer <access token>".
// The token is checked against the store on every request, so a revoked token,
// a disabled account or a removed role takes effect at once.
import type { IncomingMessage } from 'node:http';
import { may } from '../auth/roles.ts';
import type { User } from '../store/store.ts';
import type { ApiContext } from './api-context.ts';
import { HttpError } from './errors.ts';

export function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+([A-Za-z0-9_-]{16,128})$/i.exec(req.headers.authorization ?? '')?.[1];
}

export async function requireUser(ctx: ApiContext, req: IncomingMessage): Promise<User> {
  const token = bearerToken(req);
  if (!token) throw new HttpError(401, 'unauthenticated', 'send the access token as "Authorization: Bearer <token>"');
  const user = await ctx.store.tokens.verify(token, ctx.clock.now());
  if (!user) throw new HttpError(401, 'unauthenticated', 'the sign-in is unknown, expired or revoked; sign in again');
  return user;
}

export async function requireAdmin(ctx: ApiContext, req: IncomingMessage): Promise<User> {
  const user = await requireUser(ctx, req);
  if (!may(user.roles, 'administer')) throw new HttpError(403, 'forbidden', 'this needs an administrator account');
  return user;
}
