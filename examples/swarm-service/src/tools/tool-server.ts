import { createServer, type Server, type Socket } from 'node:net';

/**
 * The agents' tool backend (a stand-in for a database or a tool API): a TCP server on loopback
 * speaking newline-delimited JSON. Each request `{"id": n, "delayMs": d}` is answered `{"id": n}`
 * after d ms, in order, on the connection it came on. Connections stay open until the client ends
 * them, so a client may reuse them (connection pooling) or open one per call.
 */
export class ToolServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  connections = 0;
  requests = 0;

  /** Listens on 127.0.0.1 (a free port); resolves to the port. */
  start(): Promise<number> {
    const server = createServer((socket) => this.serve(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        server.unref();
        resolve((server.address() as { port: number }).port);
      });
    });
  }

  private serve(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        let req: { id?: unknown; delayMs?: unknown };
        try {
          req = JSON.parse(line);
        } catch {
          socket.destroy();
          return;
        }
        this.requests++;
        const delay = Math.min(10_000, Math.max(0, Number(req.delayMs) || 0));
        chain = chain
          .then(() => new Promise((r) => setTimeout(r, delay)))
          .then(() => {
            if (!socket.destroyed) socket.write(`${JSON.stringify({ id: req.id })}\n`);
          });
      }
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }
}
