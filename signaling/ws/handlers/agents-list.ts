// agents.list: what a rep may transfer a session to (issue #8, S23): every
// queue, and every enabled agent with how they look now ('offline' without a
// socket, 'busy' at the site's customer limit). Any signed-in rep may ask; only
// agents may transfer (session.handoff checks).
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';

export const agentsList: Handler<'agents.list'> = async (ctx, conn, message) => {
  requireRep(conn);
  const [settings, queues, users] = await Promise.all([ctx.store.settings.get(), ctx.store.queues.list(), ctx.store.users.list()]);
  const agents = users
    .filter((user) => !user.disabled && user.roles.includes('agent'))
    .map((user) => ({ userId: user.id, name: user.name.slice(0, 200), status: ctx.acd.presence(user.id, settings.maxCustomers) }));
  conn.send({
    type: 'agents.listed',
    rid: message.rid,
    queues: queues.map((queue) => ({ id: queue.id, name: queue.name.slice(0, 200) })),
    agents,
  });
};
