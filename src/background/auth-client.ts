// Sign-in over HTTP (POST /api/auth/login). The server answers CORS for the
// extension's origin, so no host permission is needed for any server address.
import { z } from 'zod';
import { ErrorReason, PeerAssistError } from '../shared/protocol/errors.ts';
import { UserInfo } from '../shared/protocol/wire.ts';

const LoginReply = z.object({ accessToken: z.string().min(16).max(128), expiresAt: z.number(), user: UserInfo });
const ErrorReply = z.object({ error: z.object({ reason: ErrorReason, message: z.string() }) });

export type Auth = z.infer<typeof LoginReply>;

async function post(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, method: 'POST', credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new PeerAssistError('network', `cannot reach ${new URL(url).origin}`, { cause: error });
  }
}

export async function signIn(serverUrl: string, email: string, password: string): Promise<Auth> {
  const response = await post(new URL('/api/auth/login', serverUrl).toString(), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = LoginReply.safeParse(body);
    if (parsed.success) return parsed.data;
    throw new PeerAssistError('internal', 'the server gave an unexpected sign-in answer');
  }
  const refusal = ErrorReply.safeParse(body);
  if (refusal.success) throw new PeerAssistError(refusal.data.error.reason, refusal.data.error.message);
  throw new PeerAssistError(response.status === 401 ? 'bad_credentials' : 'internal', `sign-in failed (HTTP ${response.status})`);
}

export async function signOut(serverUrl: string, accessToken: string): Promise<void> {
  await post(new URL('/api/auth/logout', serverUrl).toString(), { headers: { authorization: `Bearer ${accessToken}` } });
}
