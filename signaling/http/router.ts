// A small method + path router for the JSON API: "/api/admin/users/:id"
// style patterns, exact otherwise. A path that exists under another method
// answers 405 with Allow, as HTTP asks.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Params = Readonly<Record<string, string>>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Params) => void | Promise<void>;

interface Route {
  method: string;
  segments: string[];
  handler: RouteHandler;
}

export type Match = { handler: RouteHandler; params: Params } | { allowed: string[] };

/** Path parameters are ids: anything else cannot name a record, so it does not match. */
const PARAM_VALUE = /^[A-Za-z0-9_-]{1,64}$/;

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, path: string, handler: RouteHandler): this {
    this.#routes.push({ method, segments: path.split('/'), handler });
    return this;
  }

  /** The handler for this method and path; the methods it does answer (405); or undefined (404). */
  match(method: string, pathname: string): Match | undefined {
    const segments = pathname.split('/');
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length ? { allowed } : undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Params | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const value = actual[i] ?? '';
    if (part.startsWith(':')) {
      if (!PARAM_VALUE.test(value)) return undefined;
      params[part.slice(1)] = value;
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}
