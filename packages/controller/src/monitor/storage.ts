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
  return {
    backend,
    db,
    scraper,
    async start() {
      db.start();
      await scraper?.start();
    },
    async stop() {
      if (closed) return;
      closed = true;
      await scraper?.stop();
      db.close();
    },
  };
}
