import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import type { Attributes } from '@opentelemetry/api';
import { type MetricProducer, MetricReader } from '@opentelemetry/sdk-metrics';
import type { PromClientBridge } from '../../bridge/prom-client.js';
import { errorMessage, log } from '../../diag/log.js';
import { internalServers } from '../../internal/servers.js';
import { PrometheusSerializer } from './serialize.js';

export interface PrometheusReaderOptions {
  host: string;
  port: number;
  /** Series per metric before the SDK folds new attribute sets into the overflow series. */
  cardinalityLimit: number;
  bridge?: PromClientBridge;
  /** Extra producers (the preload's pre-aggregated instruments). */
  metricProducers?: MetricProducer[];
}

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Longest stretch of serialization before yielding to the event loop. */
const SLICE_MS = 8;

/**
 * A pull MetricReader with its own `/metrics` endpoint. Serialization streams in chunks and
 * yields to the event loop every few milliseconds, so a large scrape never blocks the host app.
 */
export class PrometheusReader extends MetricReader {
  private server?: Server;
  private readonly serializer = new PrometheusSerializer();
  private scrapeErrors = 0;

  constructor(private readonly options: PrometheusReaderOptions) {
    super({ cardinalitySelector: () => options.cardinalityLimit, metricProducers: options.metricProducers });
  }

  /** Starts listening; resolves with the endpoint URL. */
  listen(): Promise<string> {
    const server = createServer((req, res) => this.handle(req, res));
    internalServers.add(server);
    server.keepAliveTimeout = 65_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        server.unref();
        const addr = server.address() as AddressInfo;
        const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
        resolve(`http://${host}:${addr.port}/metrics`);
      });
    });
  }

  get scrapeErrorCount(): number {
    return this.scrapeErrors;
  }

  /** The whole exposition as one string (tests, CLI). */
  async text(extraTargetInfo?: Attributes): Promise<string> {
    let out = '';
    await this.render((chunk) => {
      out += chunk;
      return true;
    }, extraTargetInfo);
    return out;
  }

  /** `write` returns false when the sink is full: rendering then waits for `drain`. */
  private async render(
    write: (chunk: string) => boolean | undefined | Promise<unknown>,
    extraTargetInfo?: Attributes,
  ): Promise<void> {
    const { resourceMetrics, errors } = await this.collect();
    for (const err of errors) log(`metric collection error: ${errorMessage(err)}`);
    const resource = resourceMetrics.resource as { waitForAsyncAttributes?: () => Promise<void> };
    await resource.waitForAsyncAttributes?.();
    let sliceStart = performance.now();
    for (const chunk of this.serializer.serialize(resourceMetrics, extraTargetInfo)) {
      const accepted = write(chunk);
      if (accepted instanceof Promise) await accepted;
      // yield on the time slice even when the sink drains at once (loopback), so timers run
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    if (this.options.bridge) {
      const bridged = await this.options.bridge.render(this.serializer.familyNames(resourceMetrics));
      if (bridged) write(bridged);
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the metrics are at /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const headers: Record<string, string> = { 'content-type': CONTENT_TYPE };
    if (gzip) headers['content-encoding'] = 'gzip';
    if (req.method === 'HEAD') {
      res.writeHead(200, headers).end();
      return;
    }
    res.writeHead(200, headers);
    const zip = gzip ? createGzip({ level: 1 }) : undefined;
    zip?.pipe(res);
    const sink: NodeJS.WritableStream = zip ?? res;
    this.render((chunk) => (sink.write(chunk) ? true : once(sink, 'drain')))
      .then(() => sink.end())
      .catch((err) => {
        this.scrapeErrors++;
        log(`scrape failed: ${errorMessage(err)}`);
        sink.end(`# scrape failed: ${errorMessage(err).replace(/\n/g, ' ')}\n`);
      });
  }

  protected override async onForceFlush(): Promise<void> {}

  protected override async onShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }
}
