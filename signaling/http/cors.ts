// CORS for /api/auth/* (sign-in, refresh, sign-out): the extension signs in from its own origin
// (chrome-extension://<id>, moz-extension://<random>), which lets it talk to
// any server address without host permissions. The admin API is for the admin
// page on the server's own origin and gets no CORS at all. Web pages elsewhere get no
// CORS headers, so browsers keep them from reading (or, with JSON and
// Authorization requiring a preflight, even sending) API requests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.ts';
import { classifyOrigin } from '../ws/origin.ts';

/** Sets CORS headers when the request comes from the extension. */
export function applyCors(req: IncomingMessage, res: ServerResponse, config: Pick<Config, 'allowedOrigins' | 'extensionIds'>): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin === undefined || classifyOrigin(origin, config) !== 'extension') return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Headers', 'content-type, authorization');
  res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
}
