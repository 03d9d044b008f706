import { connect, type Socket } from 'node:net';

export interface PoolSettings {
  /** Most connections open at once; calls beyond it wait for a free one. */
  maxConnections: number;
}

interface Conn {
  socket: Socket;
  buffered: string;
  pending?: { resolve: () => void; reject: (e: Error) => void };
}

/**
 * The agents' client of the tool backend. Unpooled (the default), every call opens a TCP
 * connection, sends one request, waits for the answer and closes it. Pooled (the
 * connection-pooling action), calls reuse up to `maxConnections` open connections and wait in
 * line for a free one beyond that.
 */
export class ToolClient {
  private pool?: PoolSettings;
  private idle: Conn[] = [];
  /** Connections not yet ended. */
  private readonly live = new Set<Conn>();
  private waiting: ((c: Conn | undefined) => void)[] = [];
  private nextId = 0;
  /** Connections opened so far, and calls made. */
  opened = 0;
  calls = 0;

  constructor(private readonly port: number) {}

  get settings(): PoolSettings | undefined {
    return this.pool ? { ...this.pool } : undefined;
  }

  /** Turns pooling on with these settings, or off with undefined (idle connections are closed); returns the previous settings. */
  setPooling(settings: PoolSettings | undefined): PoolSettings | undefined {
    const previous = this.settings;
    this.pool = settings ? { ...settings } : undefined;
    if (!this.pool) {
      for (const c of this.idle.splice(0)) this.close(c);
      for (const w of this.waiting.splice(0)) w(undefined);
    } else {
      while (this.idle.length > 0 && this.live.size > this.pool.maxConnections)
        this.close(this.idle[this.idle.length - 1] as Conn);
    }
    return previous;
  }

  /** One tool call that takes `delayMs` on the backend. */
  async call(delayMs: number): Promise<void> {
    this.calls++;
    const conn = await this.acquire();
    try {
      await this.request(conn, delayMs);
    } catch (e) {
      this.close(conn);
      throw e;
    }
    this.release(conn);
  }

  private async acquire(): Promise<Conn> {
    if (this.pool) {
      const idle = this.idle.pop();
      if (idle) return idle;
      if (this.live.size >= this.pool.maxConnections) {
        const handed = await new Promise<Conn | undefined>((r) => this.waiting.push(r));
        if (handed) return handed;
      }
    }
    return this.connect();
  }

  private release(conn: Conn): void {
    if (!this.pool || conn.socket.destroyed) {
      this.close(conn);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(conn);
    else if (this.live.size > this.pool.maxConnections) this.close(conn);
    else this.idle.push(conn);
  }

  private connect(): Promise<Conn> {
    this.opened++;
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.port });
      const conn: Conn = { socket, buffered: '' };
      this.live.add(conn);
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(conn));
      socket.on('error', (e) => {
        reject(e);
        conn.pending?.reject(e);
        conn.pending = undefined;
      });
      socket.on('close', () => {
        this.live.delete(conn);
        conn.pending?.reject(new Error('tool backend closed the connection'));
        conn.pending = undefined;
        this.idle = this.idle.filter((c) => c !== conn);
      });
      socket.on('data', (chunk: Buffer) => {
        conn.buffered += chunk.toString('utf8');
        const nl = conn.buffered.indexOf('\n');
        if (nl < 0) return;
        conn.buffered = conn.buffered.slice(nl + 1);
        const p = conn.pending;
        conn.pending = undefined;
        p?.resolve();
      });
    });
  }

  private request(conn: Conn, delayMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      conn.pending = { resolve, reject };
      conn.socket.write(`${JSON.stringify({ id: this.nextId++, delayMs })}\n`);
    });
  }

  private close(conn: Conn): void {
    this.live.delete(conn);
    this.idle = this.idle.filter((c) => c !== conn);
    if (!conn.socket.destroyed) conn.socket.end();
    conn.socket.unref();
  }

  /** Connections open now (in use or idle). */
  get openConnections(): number {
    return this.live.size;
  }

  /** Closes every idle connection (calls in flight finish on theirs). */
  stop(): void {
    this.setPooling(undefined);
  }
}
