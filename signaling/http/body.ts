// Reading a JSON request body with a size cap: the cap is checked while the
// body streams in, so a client cannot make the server buffer more than it.
import type { IncomingMessage } from 'node:http';
import { PeerAssistError } from '../../src/shared/protocol/errors.ts';

export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new PeerAssistError('too_large', `the request body is at most ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) throw new PeerAssistError('too_large', `the request body is at most ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new PeerAssistError('malformed', 'the request body is not valid JSON');
  }
}
