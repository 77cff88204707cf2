// Finding a live session by the number a client typed, for customer.join and
// assistant.join. This is where numbers can be guessed, so it is where the
// per-address throttle (sessions/lookup-throttle.ts) is applied and where each
// miss is counted and audited (issue #5: "brute-forcing numbers from one
// address is slowed and logged in the audit log").
import { timingSafeEqual } from 'node:crypto';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { LiveSession } from '../sessions/registry.ts';
import type { Connection } from './connection.ts';
import type { HandlerContext } from './context.ts';

/** Who is looking, as the audit log names them: a customer's typed name, or a rep. */
export type LookupActor = Pick<AuditEntry, 'actor' | 'actorId'>;

/**
 * The live session with `number`, or a refusal: rate_limited while the
 * client's address must wait, no_session (counted and audited) when no live
 * session has the number. Synchronous on purpose: between the throttle check
 * and counting a miss nothing awaits, so a burst of joins sent in parallel
 * from many sockets is counted one by one, not let through together.
 */
export function lookUpSession(ctx: HandlerContext, conn: Connection, number: string, who: LookupActor): LiveSession {
  const waitMs = ctx.lookups.waitMs(conn.ip);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new PeerAssistError(
      'rate_limited',
      `too many joins with unknown session numbers from your address; try again in ${seconds} second${seconds === 1 ? '' : 's'}`,
    );
  }
  const session = ctx.registry.byNumber(number);
  if (session) return session;
  ctx.lookups.failed(conn.ip);
  void ctx.audit.record({ type: 'session.lookup_failed', ...who, ip: conn.ip, detail: { number, ip: conn.ip } });
  throw new PeerAssistError('no_session', 'there is no session with that number');
}

/** Constant-time comparison of join tokens, so response timing does not leak how much of a guessed token was right. */
export function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
