// Sign-in over HTTP: POST /api/auth/login, /refresh and /logout (contract in
// src/shared/protocol/admin.ts). The server answers CORS for the extension's
// origin, so no host permission is needed for any server address.
import { z } from 'zod';
import { AuthTokens } from '../shared/protocol/admin.ts';
import { ErrorReason, PeerAssistError } from '../shared/protocol/errors.ts';

const ErrorReply = z.object({ error: z.object({ reason: ErrorReason, message: z.string() }) });

export type Auth = AuthTokens;

async function post(serverUrl: string, path: string, init: RequestInit): Promise<Response> {
  const url = new URL(path, serverUrl);
  try {
    return await fetch(url.toString(), { ...init, method: 'POST', credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new PeerAssistError('network', `cannot reach ${url.origin}`, { cause: error });
  }
}

async function tokensFrom(response: Response, what: string): Promise<Auth> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = AuthTokens.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new PeerAssistError('internal', `the server gave an unexpected ${what} answer`);
  }
  const refusal = ErrorReply.safeParse(body);
  if (refusal.success) throw new PeerAssistError(refusal.data.error.reason, refusal.data.error.message);
  throw new PeerAssistError(response.status === 401 ? 'unauthenticated' : 'internal', `${what} failed (HTTP ${response.status})`);
}

const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function signIn(serverUrl: string, email: string, password: string): Promise<Auth> {
  return tokensFrom(await post(serverUrl, '/api/auth/login', json({ email, password })), 'sign-in');
}

/** Trade the refresh token for a new pair (the old refresh token stops working). */
export async function refresh(serverUrl: string, refreshToken: string): Promise<Auth> {
  return tokensFrom(await post(serverUrl, '/api/auth/refresh', json({ refreshToken })), 'token refresh');
}

export async function signOut(serverUrl: string, accessToken: string): Promise<void> {
  await post(serverUrl, '/api/auth/logout', { headers: { authorization: `Bearer ${accessToken}` } });
}
