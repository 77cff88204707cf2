// /api/admin/queues: WebACD queues and their member agents. Only users with
// the agent role may be members (auth/roles.ts).
import type { IncomingMessage } from 'node:http';
import { CreateQueueRequest, SetQueueAgentsRequest } from '../../../src/shared/protocol/admin.ts';
import { userActor } from '../../audit/audit-log.ts';
import { may } from '../../auth/roles.ts';
import { DuplicateError, type Store, type User } from '../../store/store.ts';
import type { ApiContext } from '../api-context.ts';
import { requireAdmin } from '../bearer.ts';
import { clientIp } from '../client-ip.ts';
import { HttpError, notFound } from '../errors.ts';
import { readJsonRequest } from '../json-request.ts';
import { sendJson } from '../respond.ts';
import type { Router } from '../router.ts';

/** 1000 ids of up to 40 characters, with JSON punctuation. */
const MAX_BODY_BYTES = 64 * 1024;

/** Every id must name an agent; the first that does not is named in the refusal. */
async function checkAgents(store: Store, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const user = await store.users.findById(id);
    if (!user) throw new HttpError(400, 'malformed', `agentIds: there is no user ${id}`);
    if (!may(user.roles, 'join_queue')) throw new HttpError(400, 'malformed', `agentIds: ${user.email} does not have the agent role`);
  }
}

export function addQueueRoutes(router: Router, ctx: ApiContext): void {
  const { store, audit, config } = ctx;
  const change = (req: IncomingMessage, admin: User, detail: Record<string, string | number>) =>
    audit.record({ type: 'admin.change', ...userActor(admin), ip: clientIp(req, config.trustProxy), detail });

  router.add('GET', '/api/admin/queues', async (req, res) => {
    await requireAdmin(ctx, req);
    sendJson(res, 200, { queues: await store.queues.list() });
  });

  router.add('POST', '/api/admin/queues', async (req, res) => {
    const admin = await requireAdmin(ctx, req);
    const body = await readJsonRequest(req, CreateQueueRequest.strict(), MAX_BODY_BYTES);
    try {
      const queue = await store.queues.create(body.name);
      await change(req, admin, { what: 'queue.create', target: queue.name });
      sendJson(res, 201, { queue });
    } catch (error) {
      if (error instanceof DuplicateError) throw new HttpError(409, 'malformed', 'a queue with that name already exists');
      throw error;
    }
  });

  router.add('PUT', '/api/admin/queues/:id/agents', async (req, res, params) => {
    const admin = await requireAdmin(ctx, req);
    const body = await readJsonRequest(req, SetQueueAgentsRequest.strict(), MAX_BODY_BYTES);
    const existing = params.id ? await store.queues.findById(params.id) : undefined;
    if (!existing) throw notFound('queue');
    const agentIds = [...new Set(body.agentIds)];
    await checkAgents(store, agentIds);
    const queue = await store.queues.setAgents(existing.id, agentIds);
    if (!queue) throw notFound('queue');
    await change(req, admin, { what: 'queue.agents', target: queue.name, agents: queue.agentIds.length });
    sendJson(res, 200, { queue });
  });

  router.add('DELETE', '/api/admin/queues/:id', async (req, res, params) => {
    const admin = await requireAdmin(ctx, req);
    const existing = params.id ? await store.queues.findById(params.id) : undefined;
    if (!existing || !(await store.queues.remove(existing.id))) throw notFound('queue');
    await change(req, admin, { what: 'queue.delete', target: existing.name });
    res.writeHead(204, { 'Cache-Control': 'no-store' });
    res.end();
  });
}
