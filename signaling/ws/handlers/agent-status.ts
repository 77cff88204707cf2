// agent.status: a WebACD agent sets their availability (issue #8). Only
// signed-in users with the agent role may (a rep, a customer: forbidden).
// Becoming available may bring the oldest waiting session of their queues;
// anything else withdraws the offer they hold, which goes on to others.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { may } from '../../auth/roles.ts';
import type { Handler } from '../context.ts';
import { requireRep } from '../guards.ts';

export const agentStatus: Handler<'agent.status'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  if (!may(user.roles, 'join_queue')) throw new PeerAssistError('forbidden', 'only WebACD agents have an availability');
  ctx.acd.setStatus(user.id, message.status);
  conn.send({ type: 'agent.status', rid: message.rid, status: message.status });
  // The agent's other sockets (another browser) follow.
  for (const other of ctx.hub.userSockets(user.id)) if (other !== conn) other.send({ type: 'agent.status', status: message.status });
  await ctx.acd.poke();
};
