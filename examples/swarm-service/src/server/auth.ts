import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Checks `Authorization: Bearer <token>` in constant time; no token configured means open
 * (the service binds 127.0.0.1 by default).
 */
export function requireBearer(req: IncomingMessage, token: string): void {
  if (!token) return;
  const header = req.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!given || !timingSafeEqual(digest(given), digest(token))) {
    throw new ServiceError(
      'unauthorized',
      'missing or wrong bearer token: send "Authorization: Bearer $CLAUDE_ZEN_CONTROL_TOKEN"',
    );
  }
}
