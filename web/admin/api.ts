// The admin API (src/shared/protocol/admin.ts, endpoints in its header) as
// typed calls. Every reply is parsed with the contract's schemas; tokens come
// from an Authorizer (auth.ts), which refreshes and retries on a 401.
import { z } from 'zod';
import {
  AdminUser,
  AuditEvent,
  Queue,
  WebacdSnapshot,
  type AuditEventType,
  type CreateUserRequest,
  type ResetPasswordRequest,
  type UpdateSettingsRequest,
  type UpdateUserRequest,
} from '../../src/shared/protocol/admin.ts';
import type { Id } from '../../src/shared/protocol/common.ts';
import { SiteSettings } from '../../src/shared/protocol/settings.ts';
import type { Authorizer } from './auth.ts';
import { callBlob, callEmpty, callJson, type Fetch } from './http.ts';

const UsersReply = z.object({ users: z.array(AdminUser) });
const UserReply = z.object({ user: AdminUser });
const CreateUserReply = z.object({ user: AdminUser, password: z.string().optional() });
const PasswordReply = z.object({ password: z.string() });
const QueuesReply = z.object({ queues: z.array(Queue) });
const QueueReply = z.object({ queue: Queue });
const SettingsReply = z.object({ settings: SiteSettings });
const AuditReply = z.object({ events: z.array(AuditEvent) });

export interface AuditQuery {
  limit: number;
  /** An event id: only older events. */
  before?: number;
  type?: AuditEventType;
}

export function auditSearch(query: AuditQuery): string {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.before !== undefined) params.set('before', String(query.before));
  if (query.type) params.set('type', query.type);
  return `?${params.toString()}`;
}

export type AdminApi = ReturnType<typeof createAdminApi>;

export function createAdminApi(fetch: Fetch, auth: Authorizer, baseUrl = '') {
  const url = (path: string) => `${baseUrl}/api/admin${path}`;
  const user = (id: Id) => `/users/${encodeURIComponent(id)}`;
  const queue = (id: Id) => `/queues/${encodeURIComponent(id)}`;

  return {
    async listUsers(): Promise<AdminUser[]> {
      return (await auth.withToken((token) => callJson(fetch, url('/users'), UsersReply, { token }))).users;
    },
    /** `password` in the reply only when the server generated it: shown once. */
    createUser(request: z.input<typeof CreateUserRequest>): Promise<{ user: AdminUser; password?: string | undefined }> {
      return auth.withToken((token) => callJson(fetch, url('/users'), CreateUserReply, { method: 'POST', body: request, token }));
    },
    async updateUser(id: Id, patch: z.input<typeof UpdateUserRequest>): Promise<AdminUser> {
      const reply = await auth.withToken((token) => callJson(fetch, url(user(id)), UserReply, { method: 'PATCH', body: patch, token }));
      return reply.user;
    },
    async resetPassword(id: Id, request: z.input<typeof ResetPasswordRequest> = {}): Promise<string> {
      const reply = await auth.withToken((token) =>
        callJson(fetch, url(`${user(id)}/password`), PasswordReply, { method: 'POST', body: request, token }),
      );
      return reply.password;
    },

    async listQueues(): Promise<Queue[]> {
      return (await auth.withToken((token) => callJson(fetch, url('/queues'), QueuesReply, { token }))).queues;
    },
    async createQueue(name: string): Promise<Queue> {
      const reply = await auth.withToken((token) => callJson(fetch, url('/queues'), QueueReply, { method: 'POST', body: { name }, token }));
      return reply.queue;
    },
    async setQueueAgents(id: Id, agentIds: Id[]): Promise<Queue> {
      const reply = await auth.withToken((token) =>
        callJson(fetch, url(`${queue(id)}/agents`), QueueReply, { method: 'PUT', body: { agentIds }, token }),
      );
      return reply.queue;
    },
    deleteQueue(id: Id): Promise<void> {
      return auth.withToken((token) => callEmpty(fetch, url(queue(id)), { method: 'DELETE', token }));
    },
    /** Each queue's waiting sessions and agents' states now (issue #8); `signal` cancels a poll in flight. */
    getWebacd(signal?: AbortSignal): Promise<WebacdSnapshot> {
      return auth.withToken((token) => callJson(fetch, url('/webacd'), WebacdSnapshot, { token, ...(signal && { signal }) }));
    },

    async getSettings(): Promise<SiteSettings> {
      return (await auth.withToken((token) => callJson(fetch, url('/settings'), SettingsReply, { token }))).settings;
    },
    async updateSettings(patch: z.input<typeof UpdateSettingsRequest>): Promise<SiteSettings> {
      const reply = await auth.withToken((token) => callJson(fetch, url('/settings'), SettingsReply, { method: 'PATCH', body: patch, token }));
      return reply.settings;
    },

    async listAudit(query: AuditQuery): Promise<AuditEvent[]> {
      return (await auth.withToken((token) => callJson(fetch, url(`/audit${auditSearch(query)}`), AuditReply, { token }))).events;
    },
    /** The whole log as CSV: fetched with the token (a plain link could not send it), then saved by the page. */
    exportAuditCsv(): Promise<Blob> {
      return auth.withToken((token) => callBlob(fetch, url('/audit.csv'), { token }));
    },
  };
}
