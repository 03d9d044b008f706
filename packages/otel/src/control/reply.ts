import type { ServerResponse } from 'node:http';
import { ControlError } from './errors.js';

/** Writes a JSON response that is never cached nor sniffed. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

/** Writes `{ error: { code, message }, ...extra }` for a ControlError (or a 500 for anything else). */
export function sendError(
  res: ServerResponse,
  err: unknown,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): void {
  const e = err instanceof ControlError ? err : new ControlError('internal', 'internal error');
  sendJson(res, e.status, { error: { code: e.code, message: e.message }, ...extra }, headers);
}
