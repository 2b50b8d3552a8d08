import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './errors';

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: { params: Record<string, string>; url: URL }) => Promise<void> | void;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * A small method + path router for the API. Paths are literal segments and `:name` segments
 * (one segment each). Anything it does not match falls through to the pages.
 */
export class Router {
  private routes: Route[] = [];

  add(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/[.]/g, '\\.').replace(/:([a-z_]+)/g, (_, n: string) => {
          names.push(n);
          return '([^/]+)';
        }) +
        '$'
    );
    this.routes.push({ method, pattern, names, handler });
    return this;
  }

  /** The matching handler, 'method' when the path exists for another method, or null. */
  match(method: string, pathname: string): { handler: Handler; params: Record<string, string> } | 'method' | null {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
      return { handler: r.handler, params: decodeParams(r.names, m) };
    }
    return pathMatched ? 'method' : null;
  }
}

/**
 * Path parameters, decoded. A segment with malformed percent-encoding (%ff, %E0%A4%A) is not
 * refused here: the route's own checks (authentication first) run before the parameter is read,
 * and reading it throws a 400 naming it.
 */
function decodeParams(names: string[], m: RegExpExecArray): Record<string, string> {
  const params: Record<string, string> = {};
  names.forEach((n, i) => {
    const raw = m[i + 1] ?? '';
    try {
      params[n] = decodeURIComponent(raw);
    } catch {
      Object.defineProperty(params, n, {
        enumerable: true,
        get() {
          throw badRequest(`path segment ${n} has malformed percent-encoding: ${raw}`, { param: n });
        }
      });
    }
  });
  return params;
}
