// /api/admin/users: list, create, change (roles, name, session mode,
// disabled) and reset the password of accounts. Every change is audited as
// admin.change; passwords never appear in the log.
import type { IncomingMessage } from 'node:http';
import {
  CreateUserRequest,
  ResetPasswordRequest,
  UpdateUserRequest,
  type AdminUser,
} from '../../../src/shared/protocol/admin.ts';
import { userActor } from '../../audit/audit-log.ts';
import { generatePassword } from '../../auth/generated-password.ts';
import { hashPassword } from '../../auth/password.ts';
import { countActiveAdmins, lockoutRefusal, may } from '../../auth/roles.ts';
import { DuplicateError, type User, type UserChanges } from '../../store/store.ts';
import type { ApiContext } from '../api-context.ts';
import { requireAdmin } from '../bearer.ts';
import { clientIp } from '../client-ip.ts';
import { HttpError, notFound } from '../errors.ts';
import { readJsonRequest } from '../json-request.ts';
import { sendJson } from '../respond.ts';
import type { Router } from '../router.ts';

const MAX_BODY_BYTES = 8 * 1024;

export function toAdminUser(user: User): AdminUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles,
    disabled: user.disabled,
    sessionMode: user.sessionMode,
    createdAt: user.createdAt,
  };
}

/** What changed, for the audit log: field names, and the values that are not secret. */
function changeDetail(changes: UserChanges): Record<string, string | boolean | null> {
  return {
    fields: Object.keys(changes).join(','),
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.roles !== undefined && { roles: changes.roles.join(',') }),
    ...(changes.disabled !== undefined && { disabled: changes.disabled }),
    ...(changes.sessionMode !== undefined && { sessionMode: changes.sessionMode }),
  };
}

export function addUserRoutes(router: Router, ctx: ApiContext): void {
  const { store, audit, config, sockets } = ctx;
  const change = (req: IncomingMessage, admin: User, detail: Record<string, string | number | boolean | null>) =>
    audit.record({ type: 'admin.change', ...userActor(admin), ip: clientIp(req, config.trustProxy), detail });

  async function target(id: string | undefined): Promise<User> {
    const user = id ? await store.users.findById(id) : undefined;
    if (!user) throw notFound('user');
    return user;
  }

  router.add('GET', '/api/admin/users', async (req, res) => {
    await requireAdmin(ctx, req);
    sendJson(res, 200, { users: (await store.users.list()).map(toAdminUser) });
  });

  router.add('POST', '/api/admin/users', async (req, res) => {
    const admin = await requireAdmin(ctx, req);
    const body = await readJsonRequest(req, CreateUserRequest.strict(), MAX_BODY_BYTES);
    const password = body.password ?? generatePassword();
    const generated = body.password === undefined;
    let user: User;
    try {
      user = await store.users.create({ email: body.email, name: body.name, roles: body.roles, passwordHash: await hashPassword(password) });
    } catch (error) {
      if (error instanceof DuplicateError) throw new HttpError(409, 'malformed', 'an account with that e-mail address already exists');
      throw error;
    }
    await change(req, admin, { what: 'user.create', target: user.email, roles: user.roles.join(',') });
    // A generated password is shown this once; only its hash is kept.
    sendJson(res, 201, { user: toAdminUser(user), ...(generated && { password }) });
  });

  router.add('PATCH', '/api/admin/users/:id', async (req, res, params) => {
    const admin = await requireAdmin(ctx, req);
    const changes = await readJsonRequest(req, UpdateUserRequest.strict(), MAX_BODY_BYTES);
    const before = await target(params.id);
    const refusal = lockoutRefusal(before, changes, countActiveAdmins(await store.users.list()));
    if (refusal) throw new HttpError(409, 'forbidden', refusal);
    const after = await store.users.update(before.id, changes);
    if (!after) throw notFound('user');
    if (after.disabled && !before.disabled) {
      // Tokens stop working for the API and new sockets; live sockets close now.
      await store.tokens.revokeUser(after.id);
      sockets.signOutEverywhere(after.id, 'disabled');
    } else if (!after.disabled && may(before.roles, 'give_support') && !may(after.roles, 'give_support')) {
      sockets.signOutEverywhere(after.id, 'forbidden');
    }
    await change(req, admin, { what: 'user.update', target: after.email, ...changeDetail(changes) });
    sendJson(res, 200, { user: toAdminUser(after) });
  });

  router.add('POST', '/api/admin/users/:id/password', async (req, res, params) => {
    const admin = await requireAdmin(ctx, req);
    const body = await readJsonRequest(req, ResetPasswordRequest.strict(), MAX_BODY_BYTES);
    const user = await target(params.id);
    const password = body.password ?? generatePassword();
    await store.users.update(user.id, { passwordHash: await hashPassword(password) });
    // Whoever knew the old password is signed out everywhere; an admin resetting
    // their own password keeps the sign-in they are using the page with.
    if (user.id !== admin.id) await store.tokens.revokeUser(user.id);
    await change(req, admin, { what: 'user.password', target: user.email, generated: body.password === undefined });
    sendJson(res, 200, { password });
  });
}
