// Small response helpers shared by the HTTP routes. API errors have one shape,
// {error:{reason,message}}, with a reason from the protocol's ErrorReason so
// the extension maps them to sentences like WebSocket errors.
import type { ServerResponse } from 'node:http';
import type { ErrorReason } from '../../src/shared/protocol/errors.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendApiError(
  res: ServerResponse,
  status: number,
  reason: ErrorReason,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { reason, message } }, headers);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}
