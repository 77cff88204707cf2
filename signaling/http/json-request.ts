// Reading a JSON request body against a schema. Requiring application/json
// forces a CORS preflight on cross-site requests, which only the extension
// passes: no other page can post to the API from a visitor's browser.
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { describeIssue } from '../zod-issue.ts';
import { readJsonBody } from './body.ts';
import { HttpError } from './errors.ts';

export async function readJsonRequest<S extends z.ZodType>(req: IncomingMessage, schema: S, maxBytes: number): Promise<z.infer<S>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'malformed', 'send the request body as application/json');
  }
  const parsed = schema.safeParse(await readJsonBody(req, maxBytes));
  if (!parsed.success) throw new HttpError(400, 'malformed', describeIssue(parsed.error));
  return parsed.data;
}
