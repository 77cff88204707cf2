// Connections per client address (issue #10, "connections per address are
// bounded"): one address opening thousands of sockets would hold memory and
// file descriptors that the per-socket rate limit never sees. Counted at the
// upgrade, released when the socket closes. A socket whose address is unknown
// (no remote address: never on a real TCP socket) is not counted.
export class AddressLimit {
  readonly #open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `ip`; false (nothing taken) when the address already holds the most. */
  acquire(ip: string | null): boolean {
    if (ip === null) return true;
    const count = this.#open.get(ip) ?? 0;
    if (count >= this.max) return false;
    this.#open.set(ip, count + 1);
    return true;
  }

  release(ip: string | null): void {
    if (ip === null) return;
    const count = this.#open.get(ip) ?? 0;
    if (count <= 1) this.#open.delete(ip);
    else this.#open.set(ip, count - 1);
  }

  /** Open sockets of `ip` (for tests and the admin view). */
  openFrom(ip: string): number {
    return this.#open.get(ip) ?? 0;
  }

  /** Addresses holding at least one socket: stays bounded by the live sockets. */
  get addresses(): number {
    return this.#open.size;
  }
}
