import { join } from 'node:path';
import { type DB, openDB, PromQLEngine, parseScrapeConfig, ScrapeManager } from '@claude-zen/tsdb';
import { EmbeddedBackend } from '../query/embedded.js';
import { PrometheusHttpBackend } from '../query/prometheus-http.js';
import type { QueryBackend } from '../query/types.js';
import type { ControllerConfig } from './config.js';

/** Where the service reads metrics, and what it must start and stop for that. */
export interface Storage {
  backend: QueryBackend;
  /** The embedded store (undefined with a remote backend). */
  db?: DB;
  scraper?: ScrapeManager;
  /**
   * Embedded store only: scrape the controller's own /metrics at `hostPort` (job
   * `claude-zen-controller`, as Prometheus scrapes itself), once its HTTP server listens.
   */
  scrapeSelf?(hostPort: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The scrape config of the embedded store: one `claude-zen` job over the configured targets. */
export function scrapeConfigText(targets: readonly string[], intervalMs: number): string {
  const timeout = Math.max(50, Math.min(intervalMs - 10, 10_000));
  return [
    'scrape_configs:',
    '  - job_name: claude-zen',
    `    scrape_interval: ${intervalMs}ms`,
    `    scrape_timeout: ${timeout}ms`,
    `    static_configs: [{targets: [${targets.map((t) => JSON.stringify(t)).join(', ')}]}]`,
  ].join('\n');
}

/** The job of the controller's own metrics in the embedded store. */
export const SELF_SCRAPE_JOB = 'claude-zen-controller';

/** The scrape config of the controller's self-scrape (its /metrics). */
export function selfScrapeConfigText(hostPort: string, intervalMs: number): string {
  return scrapeConfigText([hostPort], intervalMs).replace(
    'job_name: claude-zen',
    `job_name: ${SELF_SCRAPE_JOB}`,
  );
}

/** Opens the embedded store (scraping the targets) or connects to a Prometheus-compatible API. */
export function openStorage(config: ControllerConfig): Storage {
  if (config.storage === 'prometheus') {
    const backend = new PrometheusHttpBackend({
      url: config.prometheusUrl as string,
      bearerToken: config.prometheusBearerToken,
    });
    return { backend, start: async () => {}, stop: async () => {} };
  }
  const db = openDB(join(config.dataDir, 'tsdb'), { log: config.log });
  const scraper =
    config.scrapeTargets.length > 0
      ? new ScrapeManager({
          appendable: db,
          config: parseScrapeConfig(scrapeConfigText(config.scrapeTargets, config.scrapeIntervalMs)),
        })
      : undefined;
  const backend = new EmbeddedBackend({ queryable: db, engine: new PromQLEngine() });
  let closed = false;
  let self: ScrapeManager | undefined;
  return {
    backend,
    db,
    scraper,
    async scrapeSelf(hostPort: string) {
      if (closed || self) return;
      self = new ScrapeManager({
        appendable: db,
        config: parseScrapeConfig(selfScrapeConfigText(hostPort, config.scrapeIntervalMs)),
      });
      await self.start();
    },
    async start() {
      db.start();
      await scraper?.start();
    },
    async stop() {
      if (closed) return;
      closed = true;
      await self?.stop();
      await scraper?.stop();
      db.close();
    },
  };
}
