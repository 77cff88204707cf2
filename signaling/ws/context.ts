// Everything a message handler may use. Handlers get it as an argument rather
// than importing singletons, so each test builds its own server.
import type { ClientMessage, ClientMessageType } from '../../src/shared/protocol/wire.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { LookupThrottle } from '../sessions/lookup-throttle.ts';
import type { SessionRegistry } from '../sessions/registry.ts';
import type { Store } from '../store/store.ts';
import type { HandoffRouter } from '../webacd/router.ts';
import type { BackgroundWork } from './background-work.ts';
import type { Connection, ConnectionHub } from './connection.ts';
import type { RepGraceTimers } from './rep-grace.ts';

export interface HandlerContext {
  readonly config: Config;
  readonly store: Store;
  readonly registry: SessionRegistry;
  readonly hub: ConnectionHub;
  readonly grace: RepGraceTimers;
  readonly clock: Clock;
  readonly log: Logger;
  readonly audit: AuditLog;
  /** Sends invitations; undefined when SMTP_URL is not set. */
  readonly mailer: Mailer | undefined;
  /** Failed session-number look-ups per client address (customer.join, assistant.join). */
  readonly lookups: LookupThrottle;
  /** WebACD: agents' availability, transfers to agents and queues, offers (issue #8). */
  readonly acd: HandoffRouter;
  /** Work that must not hold up the socket's next messages (sending mail). */
  readonly background: BackgroundWork;
}

/**
 * One handler per client message type. It checks the sender's role itself and
 * refuses by throwing a PeerAssistError, which the gateway turns into an error reply.
 */
export type Handler<T extends ClientMessageType> = (
  ctx: HandlerContext,
  conn: Connection,
  message: Extract<ClientMessage, { type: T }>,
) => void | Promise<void>;
