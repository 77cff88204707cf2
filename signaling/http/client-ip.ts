// The client's address, for the audit log and the sign-in throttle. Behind a
// reverse proxy every request comes from the proxy; with TRUST_PROXY=1 the
// address is the last X-Forwarded-For entry, the one our proxy appended.
// Earlier entries are whatever the client sent, so they are never trusted.
import type { IncomingMessage } from 'node:http';

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) reads as "127.0.0.1". */
function tidy(address: string): string {
  const trimmed = address.trim().slice(0, 64);
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientIp(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const entries = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
    const last = entries[entries.length - 1];
    if (last) return tidy(last);
  }
  const address = req.socket.remoteAddress;
  return address ? tidy(address) : null;
}
