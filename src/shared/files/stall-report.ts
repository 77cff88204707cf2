// Says where a transfer waits when its bytes stop moving. A 100 MB test once
// ran past 120 s in CI (about 35 s normally) and left no clue which side waited
// for what; from then on a transfer that has not moved for STALL_REPORT_MS is
// reported once per stall (console.warn by default), with what it waits for.
// Pure: the caller passes the clock (STYLE.md habit 8).

export const STALL_REPORT_MS = 10_000;
/** How often FilePeer looks. */
export const STALL_CHECK_MS = 2_500;

export interface TransferMark {
  id: string;
  /** Anything that changes whenever the transfer moves (state, byte counts). */
  mark: string;
}

export class StallReporter {
  readonly #seen = new Map<string, { mark: string; since: number; reported: boolean }>();
  constructor(private readonly afterMs = STALL_REPORT_MS) {}

  /**
   * The ids among `running` whose mark has not changed for `afterMs`, each
   * once per stall, with how long. Transfers not passed are forgotten.
   */
  check(now: number, running: readonly TransferMark[]): { id: string; forMs: number }[] {
    const stalled: { id: string; forMs: number }[] = [];
    const ids = new Set(running.map((r) => r.id));
    for (const id of this.#seen.keys()) if (!ids.has(id)) this.#seen.delete(id);
    for (const { id, mark } of running) {
      const seen = this.#seen.get(id);
      if (!seen || seen.mark !== mark) {
        this.#seen.set(id, { mark, since: now, reported: false });
        continue;
      }
      if (seen.reported || now - seen.since < this.afterMs) continue;
      seen.reported = true;
      stalled.push({ id, forMs: now - seen.since });
    }
    return stalled;
  }
}
