import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { NotifyError } from '../notify/errors.js';
import { type AlertmanagerEvent, parseAlertmanagerPayload } from './payload.js';

export const ALERTMANAGER_WEBHOOK_PATH = '/webhooks/alertmanager';

export interface WebhookHandlerOptions {
  /** The bearer token Alertmanager sends (`http_config.authorization.credentials`). Required. */
  token: string;
  /** Called once per alert of each accepted payload. */
  onAlert: (event: AlertmanagerEvent) => void | Promise<void>;
  /** Largest accepted body, bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

function reply(res: ServerResponse, code: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/i.exec(header ?? '');
  const given = Buffer.from(m?.[1] ?? '');
  const want = Buffer.from(token);
  // Compare equal-length buffers so the time does not depend on where they differ.
  const same = timingSafeEqual(given.length === want.length ? given : Buffer.alloc(want.length), want);
  return same && given.length === want.length && m !== null;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(
        new NotifyError('payload_too_large', `body of ${declared} bytes exceeds the ${limit}-byte limit`),
      );
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new NotifyError('payload_too_large', `body exceeds the ${limit}-byte limit`));
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * A request handler for `POST /webhooks/alertmanager`, usable from any node:http server. It
 * checks the bearer token first (401 for every request without it, whatever the path), then
 * the method and path (404/405), the body size (413), the JSON and schema (400 naming the
 * field), and calls `onAlert` for each alert before answering 200.
 * Returns false (and answers nothing) when the path is not its own, so a server can route on.
 */
export function createAlertmanagerWebhookHandler(
  opts: WebhookHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  if (typeof opts.token !== 'string' || opts.token === '') {
    throw new NotifyError(
      'invalid_config',
      'is required: the webhook receiver never runs unauthenticated',
      'token',
    );
  }
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== ALERTMANAGER_WEBHOOK_PATH) return false;
    if (!bearerMatches(req.headers.authorization, opts.token)) {
      reply(
        res,
        401,
        { status: 'error', error: 'missing or wrong bearer token' },
        { 'www-authenticate': 'Bearer' },
      );
      req.resume();
      return true;
    }
    if (req.method !== 'POST') {
      reply(res, 405, { status: 'error', error: 'use POST' }, { allow: 'POST' });
      req.resume();
      return true;
    }
    try {
      const body = await readBody(req, limit);
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        throw new NotifyError('invalid_payload', 'is not valid JSON', '(body)');
      }
      const events = parseAlertmanagerPayload(json);
      for (const e of events) await opts.onAlert(e);
      reply(res, 200, { status: 'success', received: events.length });
    } catch (err) {
      if (err instanceof NotifyError) {
        const code = err.code === 'payload_too_large' ? 413 : 400;
        reply(
          res,
          code,
          { status: 'error', error: err.message, field: err.field },
          code === 413 ? { connection: 'close' } : {},
        );
      } else {
        reply(res, 500, { status: 'error', error: 'the alert listener failed' });
      }
    }
    return true;
  };
}

export interface WebhookReceiverOptions extends WebhookHandlerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default): a free port. */
  port?: number;
}

export interface WebhookReceiver {
  server: Server;
  /** e.g. http://127.0.0.1:40123/webhooks/alertmanager */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A standalone HTTP server with only the Alertmanager webhook route (401 before any routing). */
export async function startWebhookReceiver(opts: WebhookReceiverOptions): Promise<WebhookReceiver> {
  const handle = createAlertmanagerWebhookHandler(opts);
  const server = createServer((req, res) => {
    handle(req, res).then(
      (handled) => {
        if (handled) return;
        if (!bearerMatches(req.headers.authorization, opts.token)) {
          reply(
            res,
            401,
            { status: 'error', error: 'missing or wrong bearer token' },
            { 'www-authenticate': 'Bearer' },
          );
        } else
          reply(res, 404, { status: 'error', error: `only POST ${ALERTMANAGER_WEBHOOK_PATH} is served` });
        req.resume();
      },
      () => reply(res, 500, { status: 'error', error: 'internal error' }),
    );
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    server,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${ALERTMANAGER_WEBHOOK_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
