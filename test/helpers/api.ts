// HTTP helpers for the JSON API: one call shape for every endpoint, sign-in
// replies validated with the contract's own schema (src/shared/protocol/admin.ts).
import { AuthTokens } from '../../src/shared/protocol/admin.ts';
import type { Role } from '../../src/shared/protocol/common.ts';
import type { User } from '../../signaling/store/store.ts';
import type { TestServer } from './server.ts';

export interface ApiReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined (204, text/csv, …). */
  body: unknown;
  text: string;
}

export interface ApiCall {
  token?: string;
  /** Sent as JSON, unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export async function api(server: Pick<TestServer, 'url'>, method: string, path: string, call: ApiCall = {}): Promise<ApiReply> {
  const hasBody = call.body !== undefined || call.raw !== undefined;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(hasBody && { 'content-type': 'application/json' }),
      ...(call.token !== undefined && { authorization: `Bearer ${call.token}` }),
      ...call.headers,
    },
    ...(hasBody && { body: call.raw ?? JSON.stringify(call.body) }),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** POST /api/auth/login; fails the test unless the reply is valid AuthTokens. */
export async function login(server: Pick<TestServer, 'url'>, email: string, password: string): Promise<AuthTokens> {
  const reply = await api(server, 'POST', '/api/auth/login', { body: { email, password } });
  if (reply.status !== 200) throw new Error(`sign-in failed: HTTP ${reply.status} ${reply.text}`);
  return AuthTokens.parse(reply.body);
}

let adminCounter = 0;

/** A new account with the given roles (admin by default), signed in. */
export async function signedInUser(
  server: TestServer,
  roles: Role[] = ['admin'],
  name = 'Ada Admin',
): Promise<{ user: User; tokens: AuthTokens; email: string; password: string }> {
  // "-user": never the same as server.newRep()'s rep<n>@example.test in the same test file.
  const email = `${roles.join('-')}-user${++adminCounter}@example.test`;
  const password = `password of ${email}`;
  const user = await server.createUser(email, password, name, roles);
  return { user, tokens: await login(server, email, password), email, password };
}
