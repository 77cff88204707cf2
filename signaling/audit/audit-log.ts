// Writes audit events (issue #3: session events, sign-ins, admin changes) for
// the WebSocket handlers, the HTTP routes and the CLI. A failed write is logged
// and never fails the action it describes: a customer is not turned away
// because the log could not be written. Writes still in flight are tracked, so
// a test (or a stopping server) can wait for them with flush().
import type { AuditEvent, AuditEventType } from '../../src/shared/protocol/admin.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';

export interface AuditEntry {
  type: AuditEventType;
  /** A readable name: the user's e-mail, the customer's typed name, or "cli:<os user>". */
  actor: string;
  actorId?: string | null;
  sessionNumber?: string | null;
  ip?: string | null;
  detail?: AuditEvent['detail'];
}

/** Who a signed-in user is, for an audit entry. */
export const userActor = (user: { id: string; email: string }) => ({ actor: user.email, actorId: user.id });

export class AuditLog {
  readonly #store: Pick<Store, 'audit'>;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #log: Logger;
  readonly #pending = new Set<Promise<void>>();

  constructor(store: Pick<Store, 'audit'>, clock: Pick<Clock, 'now'>, log: Logger) {
    this.#store = store;
    this.#clock = clock;
    this.#log = log;
  }

  /** Resolves once written (or once the failure is logged); never rejects. */
  record(entry: AuditEntry): Promise<void> {
    const write = (async () => {
      try {
        await this.#store.audit.append({
          at: this.#clock.now(),
          type: entry.type,
          actorId: entry.actorId ?? null,
          actor: entry.actor,
          sessionNumber: entry.sessionNumber ?? null,
          ip: entry.ip ?? null,
          detail: entry.detail ?? {},
        });
      } catch (error) {
        this.#log.error(`[audit] could not record ${entry.type}`, error);
      }
    })();
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
    return write;
  }

  /** Waits for every write started so far. */
  async flush(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }
}
