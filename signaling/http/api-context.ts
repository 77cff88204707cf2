// What the JSON API routes use. Passed in rather than imported, so each test
// server has its own store, clock, throttle and sockets.
import type { AuditLog } from '../audit/audit-log.ts';
import type { SignInThrottle } from '../auth/sign-in-throttle.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { AgentPresence } from '../../src/shared/protocol/wire.ts';
import type { WaitingView } from '../webacd/router.ts';

/** WebACD's live state, read only (the admin page, issue #8): implemented by the WebSocket gateway. */
export interface LiveWebacd {
  /** Every queue's sessions in order of arrival. */
  waiting(): WaitingView[];
  /** When a waiting transfer entered its queue and who sent it; undefined once it is gone. */
  arrival(transferId: string): { enqueuedAt: number; senderUserId: string } | undefined;
  /** The agent as others see them: offline without a socket, busy at the customer limit. */
  presence(userId: string, maxCustomers: number): AgentPresence;
}

/** The live side of an account change, and WebACD's state: implemented by the WebSocket gateway. */
export interface LiveSockets extends LiveWebacd {
  signOutEverywhere(userId: string, reason: 'disabled' | 'forbidden'): void;
}

export interface ApiContext {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly log: Logger;
  readonly audit: AuditLog;
  readonly throttle: SignInThrottle;
  readonly sockets: LiveSockets;
}
