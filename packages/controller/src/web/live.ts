import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import type { MonitorAlert } from '../monitor/service.js';
import { isCrossSite } from './auth.js';
import type { WebContext } from './context.js';

/** The `alert` event: one alert state change. */
export function alertEvent(a: MonitorAlert): Record<string, unknown> {
  return {
    fingerprint: a.fingerprint,
    rule: a.rule,
    state: a.to,
    from: a.from,
    status: a.status,
    severity: a.severity,
    labels: a.labels,
    annotations: a.annotations,
    value: a.value,
    at: a.at,
    title: a.title,
    source: a.source,
    ...(a.suppressedBy ? { suppressedBy: a.suppressedBy } : {}),
  };
}

/** The `anomaly` event: a firing alert's verdict with its expected band. */
export function anomalyEvent(a: MonitorAlert): Record<string, unknown> {
  return {
    rule: a.rule,
    fingerprint: a.fingerprint,
    labels: a.labels,
    score: a.score,
    expected: a.expected,
    lower: a.lower,
    upper: a.upper,
    value: a.value,
    at: a.at,
  };
}

/**
 * Socket.IO on the API's port (path /socket.io, client script at /socket.io/socket.io.js):
 * `metrics:update` every interval while someone listens (one reading shared by every client and
 * by GET /api/metrics/live), and the service's `alert`, `anomaly` and optimizer decisions
 * (`optimization`) as they happen.
 */
export class LiveFeed {
  private io: IoServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private readonly onAlert = (a: MonitorAlert) => this.io?.emit('alert', alertEvent(a));
  private readonly onAnomaly = (a: MonitorAlert) => this.io?.emit('anomaly', anomalyEvent(a));
  private readonly onDecision = (d: unknown) => this.io?.emit('optimization', d);

  constructor(
    private readonly ctx: WebContext,
    private readonly intervalMs: number,
  ) {}

  start(server: HttpServer): void {
    if (this.io) return;
    this.io = new IoServer(server, {
      serveClient: true,
      maxHttpBufferSize: 64 * 1024,
      // pages of other sites may not read the feed (WebSocket has no CORS to stop them)
      allowRequest: (req, done) => done(null, !isCrossSite(req.headers)),
    });
    this.ctx.service.on('alert', this.onAlert);
    this.ctx.service.on('anomaly', this.onAnomaly);
    this.ctx.service.on('decision', this.onDecision);
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Clients connected now. */
  get clients(): number {
    return this.io?.engine.clientsCount ?? 0;
  }

  private async tick(): Promise<void> {
    const io = this.io;
    if (!io || this.busy || io.engine.clientsCount === 0) return;
    this.busy = true;
    try {
      io.emit('metrics:update', await this.ctx.refreshLive());
    } catch {
      // a failed reading is skipped; the next tick tries again
    } finally {
      this.busy = false;
    }
  }

  /** Stops the timer, disconnects every client and detaches from the service (the HTTP server stays). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.ctx.service.off('alert', this.onAlert);
    this.ctx.service.off('anomaly', this.onAnomaly);
    this.ctx.service.off('decision', this.onDecision);
    const io = this.io;
    this.io = undefined;
    if (!io) return;
    io.disconnectSockets(true);
    io.engine.close();
    io.removeAllListeners();
  }
}
