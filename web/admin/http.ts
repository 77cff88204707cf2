// One HTTP call to the server, its reply parsed with the protocol's schema
// (src/shared/protocol/admin.ts): never a cast. Every failure becomes an
// ApiError carrying an ErrorReason, so the page can say it in the admin's
// language (STYLE.md habit 7). `fetch` is injected so tests need no server.
import type { z } from 'zod';
import { ApiError as ApiErrorBody } from '../../src/shared/protocol/admin.ts';
import { ErrorReason, PeerAssistError } from '../../src/shared/protocol/errors.ts';

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

/** A refused or failed API call: `status` 0 when the server was not reached. */
export class ApiError extends PeerAssistError {
  constructor(
    reason: ErrorReason,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(reason, message, options);
  }
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** The access token, sent as `Authorization: Bearer …`. */
  token?: string;
  signal?: AbortSignal;
}

/** When a reply carries no readable reason (a proxy's HTML page, say), the status decides. */
export function reasonForStatus(status: number): ErrorReason {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'malformed';
  return 'internal';
}

async function send(fetch: Fetch, url: string, options: CallOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      ...(options.signal && { signal: options.signal }),
      // The token travels in a header; cookies play no part.
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError('network', 0, 'the server could not be reached', { cause: error });
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = ApiErrorBody.safeParse(body);
  if (!parsed.success) return new ApiError(reasonForStatus(response.status), response.status, `HTTP ${response.status}`);
  const reason = ErrorReason.safeParse(parsed.data.error.reason);
  return new ApiError(reason.success ? reason.data : reasonForStatus(response.status), response.status, parsed.data.error.message);
}

/** A call whose reply is JSON matching `schema`. */
export async function callJson<S extends z.ZodType>(fetch: Fetch, url: string, schema: S, options: CallOptions = {}): Promise<z.infer<S>> {
  const response = await send(fetch, url, options, 'application/json');
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('internal', response.status, 'the reply does not match the protocol', { cause: parsed.error });
  return parsed.data;
}

/** A call answered with no content (204). */
export async function callEmpty(fetch: Fetch, url: string, options: CallOptions = {}): Promise<void> {
  const response = await send(fetch, url, options, 'application/json');
  await response.body?.cancel().catch(() => {});
}

/** A call whose reply is a file (the audit CSV). */
export async function callBlob(fetch: Fetch, url: string, options: CallOptions = {}): Promise<Blob> {
  const response = await send(fetch, url, options, 'text/csv');
  return response.blob();
}
