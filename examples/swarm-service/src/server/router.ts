import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
}

/** What a handler returns: a status and a JSON body. */
export interface Reply {
  status: number;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST';
  /** "/tasks/:id" style template. */
  path: string;
  /** Skips injected latency and errors (health checks, the fault switch itself). */
  exempt?: boolean;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** Finds the route for a method and path; `allowed` lists methods when only the path matched. */
export function match(
  routes: readonly Route[],
  method: string,
  path: string,
): Match | { allowed: string[] } | undefined {
  const segs = path.split('/');
  const allowed: string[] = [];
  for (const route of routes) {
    const tpl = route.path.split('/');
    if (tpl.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < tpl.length && ok; i++) {
      if (tpl[i].startsWith(':')) {
        if (segs[i] === '') ok = false;
        else params[tpl[i].slice(1)] = decodeURIComponent(segs[i]);
      } else ok = tpl[i] === segs[i];
    }
    if (!ok) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}
