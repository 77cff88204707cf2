// A scripted fetch for the admin page's unit tests: each call is recorded and
// answered by the first matching handler, like the server's admin API would.
import type { Role } from '../../src/shared/protocol/common.ts';
import type { Fetch } from './http.ts';

export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: RecordedCall) => Response | Promise<Response> | undefined;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function apiError(status: number, reason: string, message = reason): Response {
  return json(status, { error: { reason, message } });
}

/** What the page sent, as the tests inspect it: unknown until a test checks its shape. */
function readBody(text: string): unknown {
  return JSON.parse(text);
}

export function scriptedFetch(...handlers: Handler[]): Fetch & { calls: RecordedCall[]; handlers: Handler[] } {
  const calls: RecordedCall[] = [];
  const fetch = async (input: string, init: RequestInit = {}) => {
    const call: RecordedCall = {
      method: init.method ?? 'GET',
      url: input,
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? readBody(init.body) : undefined,
    };
    calls.push(call);
    for (const handler of fetch.handlers) {
      const response = await handler(call);
      if (response) return response;
    }
    return apiError(404, 'unknown_type', `no handler for ${call.method} ${call.url}`);
  };
  fetch.calls = calls;
  fetch.handlers = handlers;
  return fetch;
}

export const on =
  (method: string, url: string | RegExp, respond: (call: RecordedCall) => Response | Promise<Response>): Handler =>
  (call) =>
    call.method === method && (typeof url === 'string' ? call.url === url : url.test(call.url)) ? respond(call) : undefined;

let n = 0;
/** AuthTokens as /api/auth/login or /refresh would send them. */
export function tokens(now: number, roles: Role[] = ['admin'], ttl = 15 * 60_000) {
  n++;
  return {
    accessToken: `access-token-${String(n).padStart(8, '0')}`,
    expiresAt: now + ttl,
    refreshToken: `refresh-token-${String(n).padStart(8, '0')}`,
    refreshExpiresAt: now + 30 * 24 * 3600_000,
    user: { id: 'user-admin-1', email: 'admin@example.test', name: 'Ada Admin', roles },
  };
}

/** Timers the test fires by hand, with a clock that moves with them. */
export function manualTimers(start = 0) {
  let now = start;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    timers: {
      set: (callback: () => void, ms: number) => {
        const id = nextId++;
        pending.set(id, { at: now + ms, callback });
        return id;
      },
      clear: (handle: unknown) => void pending.delete(handle as number),
    },
    /** When the next timer is due, if any. */
    nextAt: () => Math.min(...[...pending.values()].map((p) => p.at)),
    pendingCount: () => pending.size,
    /** Move the clock, firing every timer due on the way. */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, p]) => p.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

export function memoryStorage() {
  const map = new Map<string, string>();
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}
