// session.handoff: the controller, if they are a WebACD agent (S21, S23),
// transfers the whole session to chosen agents or to a queue (S24–S25).
// Refused, changing nothing: anyone but the session's controller or a
// controller without the agent role (forbidden), a private message over 345
// characters (message_too_long), a session already being transferred
// (handoff_pending), an unknown queue (no_such_queue), chosen users who are
// not enabled agents or are the sender (unknown_participant), chosen agents of
// whom none is offerable now (no_agent_available).
// What happens next: webacd/router.ts; the accept: ws/handoff-actions.ts.
import { PeerAssistError } from '../../../src/shared/protocol/errors.ts';
import { MAX_HANDOFF_MESSAGE } from '../../../src/shared/protocol/wire.ts';
import { userActor } from '../../audit/audit-log.ts';
import { may } from '../../auth/roles.ts';
import type { Handler } from '../context.ts';
import { requireControlledSession, requireRep } from '../guards.ts';

export const sessionHandoff: Handler<'session.handoff'> = async (ctx, conn, message) => {
  const user = requireRep(conn);
  const { target } = message;
  // Reads first; from the checks to the offers nothing awaits.
  const [world, chosen] = await Promise.all([
    ctx.acd.world(),
    target.kind === 'agents' ? Promise.all([...new Set(target.userIds)].map((id) => ctx.store.users.findById(id))) : Promise.resolve([]),
  ]);
  const session = requireControlledSession(ctx, conn, message.sessionId);
  if (!may(user.roles, 'join_queue')) throw new PeerAssistError('forbidden', 'only WebACD agents may transfer a session to queues or agents');
  if (message.message !== undefined && [...message.message].length > MAX_HANDOFF_MESSAGE) {
    throw new PeerAssistError('message_too_long', `the private message is at most ${MAX_HANDOFF_MESSAGE} characters`);
  }
  if (ctx.acd.transferOf(session.id)) throw new PeerAssistError('handoff_pending', 'this session is already being transferred; cancel that first');
  const text = message.message?.trim() ? message.message : undefined;
  const handoff = message.handoff ?? { invitations: [] };

  if (target.kind === 'queue') {
    if (!world.members.has(target.queueId)) throw new PeerAssistError('no_such_queue', 'there is no queue with that id');
    const transfer = ctx.acd.open(session, target, text, handoff);
    ctx.acd.dispatch(world);
    conn.send({ type: 'ok', rid: message.rid });
    ctx.log.info(`[webacd] ${transfer.id} session ${session.id} to queue ${target.queueId}`);
  } else {
    for (const agent of chosen) {
      if (!agent || agent.disabled || !may(agent.roles, 'join_queue') || agent.id === user.id) {
        throw new PeerAssistError('unknown_participant', 'every chosen user must be another enabled agent');
      }
    }
    const ids = chosen.flatMap((agent) => (agent ? [agent.id] : []));
    const fresh = { senderUserId: user.id, passed: new Set<string>() };
    const offerTo = ids.filter((id) => ctx.acd.offerable(id, fresh, world));
    if (!offerTo.length) throw new PeerAssistError('no_agent_available', 'none of the chosen agents is available now');
    const transfer = ctx.acd.open(session, target, text, handoff);
    for (const id of offerTo) ctx.acd.makeOffer(transfer, id);
    ctx.acd.announce();
    conn.send({ type: 'ok', rid: message.rid });
    ctx.log.info(`[webacd] ${transfer.id} session ${session.id} offered to ${offerTo.length} agent(s)`);
  }
  await ctx.audit.record({
    type: 'transfer',
    ...userActor(user),
    sessionNumber: session.number,
    ip: conn.ip,
    detail: {
      kind: target.kind,
      stage: 'requested',
      ...(target.kind === 'queue' ? { queueId: target.queueId } : { agents: target.userIds.length }),
      withMessage: text !== undefined,
    },
  });
};
