// What the JSON API routes use. Passed in rather than imported, so each test
// server has its own store, clock, throttle and sockets.
import type { AuditLog } from '../audit/audit-log.ts';
import type { SignInThrottle } from '../auth/sign-in-throttle.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

/** The live side of an account change: implemented by the WebSocket gateway. */
export interface LiveSockets {
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
