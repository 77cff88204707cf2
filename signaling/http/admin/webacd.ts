// GET /api/admin/webacd: what the admin page's Queues tab shows live (issue #8,
// "each queue's waiting sessions and agents' states"). A pure read of the
// router's state (through the gateway), the live sessions and the store.
// Never the private message nor any join token: only what WebacdSnapshot
// (src/shared/protocol/admin.ts) declares is copied out.
import type { Queue, WebacdAgent, WebacdSnapshot, WebacdWaiting } from '../../../src/shared/protocol/admin.ts';
import { may } from '../../auth/roles.ts';
import type { SessionRegistry } from '../../sessions/registry.ts';
import type { User } from '../../store/store.ts';
import type { ApiContext, LiveWebacd } from '../api-context.ts';
import { requireAdmin } from '../bearer.ts';
import { sendJson } from '../respond.ts';
import type { Router } from '../router.ts';

export interface SnapshotInput {
  now: number;
  maxCustomers: number;
  queues: readonly Queue[];
  users: readonly User[];
  registry: Pick<SessionRegistry, 'byId'>;
  webacd: LiveWebacd;
}

/** Builds the reply from what was read; synchronous, so the router's state cannot move under it. */
export function webacdSnapshot(input: SnapshotInput): WebacdSnapshot {
  const { registry, webacd } = input;
  const userById = new Map(input.users.map((user) => [user.id, user]));
  const agent = (userId: string): WebacdAgent => ({
    userId,
    name: userById.get(userId)?.name ?? '',
    status: webacd.presence(userId, input.maxCustomers),
  });

  const waitingByQueue = new Map<string, WebacdWaiting[]>();
  for (const view of webacd.waiting()) {
    const arrival = webacd.arrival(view.transferId);
    const session = registry.byId(view.sessionId);
    const customers = session ? [...session.participants.values()].filter((p) => p.role === 'customer').map((p) => p.name) : [];
    const sender = arrival ? userById.get(arrival.senderUserId)?.name : undefined;
    const list = waitingByQueue.get(view.queueId) ?? [];
    list.push({
      state: view.state,
      position: view.position ?? null,
      sessionNumber: session?.number ?? null,
      customers,
      from: sender ?? session?.controllerName ?? '',
      since: arrival?.enqueuedAt ?? input.now,
    });
    waitingByQueue.set(view.queueId, list);
  }

  const queued = new Set(input.queues.flatMap((queue) => queue.agentIds));
  return {
    at: input.now,
    queues: input.queues.map((queue) => ({
      id: queue.id,
      name: queue.name,
      waiting: waitingByQueue.get(queue.id) ?? [],
      agents: queue.agentIds.map(agent),
    })),
    otherAgents: input.users.filter((user) => may(user.roles, 'join_queue') && !queued.has(user.id)).map((user) => agent(user.id)),
  };
}

export function addWebacdRoutes(router: Router, ctx: ApiContext & { registry: SessionRegistry }): void {
  const { store, clock, registry, sockets } = ctx;
  router.add('GET', '/api/admin/webacd', async (req, res) => {
    await requireAdmin(ctx, req);
    const [settings, queues, users] = await Promise.all([store.settings.get(), store.queues.list(), store.users.list()]);
    const snapshot = webacdSnapshot({ now: clock.now(), maxCustomers: settings.maxCustomers, queues, users, registry, webacd: sockets });
    sendJson(res, 200, snapshot);
  });
}
