// The admin HTTP API (/api/admin/*, JSON, `Authorization: Bearer <accessToken>`
// of a user with the admin role), and the auth endpoints it shares with the
// extension. Used by the server (validating requests), the admin page and the
// tests (validating replies). Errors are always `{ error: { reason, message } }`
// with reason from ErrorReason; HTTP status: 400 malformed, 401 unauthenticated,
// 403 forbidden, 404 not found (reason 'malformed' with a message), 409 conflict.
//
//   POST   /api/auth/login              LoginRequest            → AuthTokens
//   POST   /api/auth/refresh            RefreshRequest          → AuthTokens (the refresh token rotates)
//   POST   /api/auth/logout             (Bearer)                → 204, revokes that access token and its refresh token
//   GET    /api/admin/users                                     → { users: AdminUser[] }
//   POST   /api/admin/users             CreateUserRequest       → { user: AdminUser, password?: string } (password when generated)
//   PATCH  /api/admin/users/:id         UpdateUserRequest       → { user: AdminUser } (disabling closes the user's live sockets)
//   POST   /api/admin/users/:id/password  ResetPasswordRequest  → { password: string }
//   GET    /api/admin/queues                                    → { queues: Queue[] }
//   POST   /api/admin/queues            CreateQueueRequest      → { queue: Queue }
//   PUT    /api/admin/queues/:id/agents SetQueueAgentsRequest   → { queue: Queue } (every id must be a user with the agent role)
//   DELETE /api/admin/queues/:id                                → 204
//   GET    /api/admin/webacd                                    → WebacdSnapshot (read only: each queue's waiting sessions and agents' states)
//   GET    /api/admin/settings                                  → { settings: SiteSettings }
//   PATCH  /api/admin/settings          Partial<SiteSettings>   → { settings: SiteSettings }
//   GET    /api/admin/audit?limit=&before=&type=                → { events: AuditEvent[] } (newest first; before = an event id)
//   GET    /api/admin/audit.csv                                 → text/csv, every event, oldest first
import { z } from 'zod';
import { Email, Id, Role } from './common.ts';
import { SessionMode, SiteSettings } from './settings.ts';
import { AgentPresence, UserInfo } from './wire.ts';

export const Password = z.string().min(10, 'a password has at least 10 characters').max(512);

export const LoginRequest = z.object({ email: Email, password: z.string().min(1).max(512) });
export const RefreshRequest = z.object({ refreshToken: z.string().min(16).max(128) });

export const AuthTokens = z.object({
  accessToken: z.string().min(16).max(128),
  /** Epoch ms; short-lived (15 min). */
  expiresAt: z.number(),
  refreshToken: z.string().min(16).max(128),
  refreshExpiresAt: z.number(),
  /** sessionMode: the kinds of session this user may start (their own mode, else the site's); older servers omit it. */
  user: UserInfo.extend({ roles: z.array(Role), sessionMode: SessionMode.optional() }),
});
export type AuthTokens = z.infer<typeof AuthTokens>;

export const AdminUser = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  roles: z.array(Role),
  disabled: z.boolean(),
  /** This user's own session mode; null = the site's. */
  sessionMode: SessionMode.nullable(),
  createdAt: z.number(),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const CreateUserRequest = z.object({
  email: Email,
  name: z.string().trim().min(1).max(64),
  roles: z.array(Role).min(1),
  /** Omit to have the server generate one (returned once). */
  password: Password.optional(),
});
export const UpdateUserRequest = z
  .object({
    name: z.string().trim().min(1).max(64),
    roles: z.array(Role).min(1),
    disabled: z.boolean(),
    sessionMode: SessionMode.nullable(),
  })
  .partial();
export const ResetPasswordRequest = z.object({ password: Password.optional() });

export const Queue = z.object({ id: Id, name: z.string(), agentIds: z.array(Id) });
export type Queue = z.infer<typeof Queue>;
export const QueueName = z.string().trim().min(1).max(64);
export const CreateQueueRequest = z.object({ name: QueueName });
export const SetQueueAgentsRequest = z.object({ agentIds: z.array(Id).max(1000) });

/**
 * A session waiting in a WebACD queue (issue #8), as the admin page shows it:
 * never the private message nor any join token. 'queued': waiting for an
 * agent, `position` as the customer is told it (1 = next); 'offered': offered
 * to agents now; 'dormant': kept in order after a restart while its session
 * has not come back (no number, no customers).
 */
export const WebacdWaiting = z.object({
  state: z.enum(['queued', 'offered', 'dormant']),
  position: z.number().int().min(1).nullable(),
  sessionNumber: z.string().nullable(),
  /** The customers' names, in order of joining. */
  customers: z.array(z.string()),
  /** The name of the agent who sent the session to the queue. */
  from: z.string(),
  /** Epoch ms, on the server's clock: when it entered the queue. */
  since: z.number(),
});
export type WebacdWaiting = z.infer<typeof WebacdWaiting>;

export const WebacdAgent = z.object({ userId: Id, name: z.string(), status: AgentPresence });
export type WebacdAgent = z.infer<typeof WebacdAgent>;

export const WebacdQueue = z.object({
  id: Id,
  name: z.string(),
  /** In order of arrival. */
  waiting: z.array(WebacdWaiting),
  /** The member agents, in the order they were added. */
  agents: z.array(WebacdAgent),
});
export type WebacdQueue = z.infer<typeof WebacdQueue>;

export const WebacdSnapshot = z.object({
  /** The server's clock when answering (epoch ms): waiting times are `at - since`, whatever the page's clock says. */
  at: z.number(),
  queues: z.array(WebacdQueue),
  /** Users with the agent role who are in no queue. */
  otherAgents: z.array(WebacdAgent),
});
export type WebacdSnapshot = z.infer<typeof WebacdSnapshot>;

export const UpdateSettingsRequest = SiteSettings.partial();

export const AuditEventType = z.enum([
  'session.start',
  'session.join', // a customer joined (connected or lobby; detail.state)
  'session.admit',
  'session.deny',
  'session.refuse', // a customer turned away (detail.reason, e.g. session_full)
  'session.lookup_failed', // a join named a number with no live session (detail.number); brute-force evidence
  'invite.sent', // detail.kind, detail.email
  'invite.failed', // detail.kind, detail.email, detail.reason
  'assistant.join',
  'assistant.leave',
  'session.leave',
  'session.end', // detail.reason
  'share.start',
  'share.stop',
  'transfer',
  'auth.login',
  'auth.failed', // failed sign-in (detail.email)
  'auth.logout',
  'admin.change', // an admin changed a user, queue or setting (detail.what)
]);
export type AuditEventType = z.infer<typeof AuditEventType>;

export const AuditEvent = z.object({
  id: z.number().int(),
  at: z.number(),
  type: AuditEventType,
  /** Who did it: a user id, or null for a customer / anonymous client. */
  actorId: z.string().nullable(),
  /** A readable name: the user's email, or the customer's typed name. */
  actor: z.string(),
  sessionNumber: z.string().nullable(),
  /** Client address as the server saw it. */
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const ApiError = z.object({ error: z.object({ reason: z.string(), message: z.string() }) });
