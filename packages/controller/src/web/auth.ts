import type { IncomingHttpHeaders } from 'node:http';
import type { onRequestHookHandler } from 'fastify';
import { bearerMatches } from '../alerts/receivers/alertmanager-webhook.js';
import { isLoopbackHost } from '../monitor/config.js';
import { WebError } from './errors.js';

export interface AuthOptions {
  /** The bearer token of the endpoints that change something. */
  token?: string;
  /** false: no token needed (allowed only when the server listens on loopback). */
  auth: boolean;
}

/** The host name of a Host or Origin value (`127.0.0.1:3456` → `127.0.0.1`, `[::1]:80` → `::1`). */
function hostName(hostPort: string): string {
  const m = /^\[([^\]]+)\]/.exec(hostPort);
  return m ? m[1] : hostPort.split(':')[0];
}

/** A browser's cross-site request: its Origin names another host than the one it asked. */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}

/**
 * The check of every endpoint that changes something: a bearer token (403 when none is
 * configured, 401 when missing or wrong), or with auth off a loopback Host (so a DNS-rebound
 * page cannot reach it); a cross-site browser request is refused either way.
 */
export function requireBearer(opts: AuthOptions): onRequestHookHandler {
  return async (req) => {
    if (!opts.auth) {
      if (!isLoopbackHost(hostName(req.headers.host ?? '')))
        throw new WebError(
          'forbidden',
          'host: with --no-auth only loopback addresses are served; use 127.0.0.1',
        );
    } else if (!opts.token) {
      throw new WebError(
        'forbidden',
        'no token configured: start the controller with --token <secret> (http.token, env CLAUDE_ZEN_TOKEN), or --no-auth on loopback',
      );
    } else if (!bearerMatches(req.headers.authorization, opts.token)) {
      throw new WebError(
        'unauthorized',
        'missing or wrong bearer token: send Authorization: Bearer <token>',
        {
          'www-authenticate': 'Bearer',
        },
      );
    }
    if (isCrossSite(req.headers))
      throw new WebError(
        'forbidden',
        'origin: cross-site requests are refused; call the API from its own pages',
      );
  };
}
