import type { Readable } from 'node:stream';
import { ControlError } from './errors.js';

export type Method = 'GET' | 'POST';

/** What a route handler answers: a JSON body, or a file streamed back as it is. */
export type Reply = JsonReply | StreamReply;

export interface JsonReply {
  status: number;
  body: unknown;
}

/** A byte stream (e.g. a heap snapshot); `done` runs once it is sent or the client went away. */
export interface StreamReply {
  status: number;
  stream: Readable;
  headers: Record<string, string>;
  done?: () => Promise<void>;
}

export interface RouteContext {
  params: Record<string, string>;
  /** The request body as a JSON object ({} when empty); only routes that need one read it. */
  body(): Promise<Record<string, unknown>>;
}

export interface Route {
  method: Method;
  /** "/v1/changes/:id/confirm": segments starting with ":" capture a parameter. */
  path: string;
  handle(ctx: RouteContext): Reply | Promise<Reply>;
}

export type Match = { route: Route; params: Record<string, string> } | { allowed: Method[] } | undefined;

/** Finds the route for a method and path; `allowed` when the path exists with other methods. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): Match {
  const segments = pathname.split('/');
  const allowed: Method[] = [];
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith(':')) {
      if (segments[i] === '') return undefined;
      params[p.slice(1)] = decode(segments[i]);
    } else if (p !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ControlError('invalid_request', `path segment "${segment}" is not valid percent-encoding`);
  }
}
