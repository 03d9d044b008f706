import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceError } from '../errors.js';
import type { ErrorsFault } from '../faults/errors.js';
import type { LatencyFault } from '../faults/latency.js';
import { match, type Reply, type Route } from './router.js';

export interface ServerFaults {
  latency: LatencyFault;
  errors: ErrorsFault;
}

function send(res: ServerResponse, { status, body }: Reply): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function errorReply(err: unknown): Reply {
  if (err instanceof ServiceError)
    return { status: err.status, body: { error: { code: err.code, message: err.message } } };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 500, body: { error: { code: 'internal', message } } };
}

/** The node:http server in front of the routes, with the latency and errors faults applied. */
export class HttpServer {
  private server?: Server;

  constructor(
    private readonly routes: Route[],
    private readonly faults: ServerFaults,
  ) {}

  /** Listens; resolves to the base URL. */
  start(host: string, port: number): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.keepAliveTimeout = 5_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const { port: bound } = server.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${bound}`);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    try {
      const path = (req.url ?? '/').split('?')[0];
      const found = match(this.routes, req.method ?? 'GET', path);
      if (!found) throw new ServiceError('not_found', `no route ${req.method} ${path}`);
      if ('allowed' in found) {
        res.setHeader('allow', found.allowed.join(', '));
        reply = {
          status: 405,
          body: {
            error: { code: 'method_not_allowed', message: `${path} accepts ${found.allowed.join(', ')}` },
          },
        };
      } else {
        if (!found.route.exempt) {
          const delay = this.faults.latency.delayMs();
          if (delay > 0) await sleep(delay);
          if (this.faults.errors.strike())
            throw new ServiceError('injected_fault', 'injected error (the "errors" fault is on)');
        }
        reply = await found.route.handle({ req, res, params: found.params });
      }
    } catch (err) {
      reply = errorReply(err);
    }
    if (!res.headersSent) send(res, reply);
  }
}
