import { labelsKey } from '../model/labels.js';
import type { Appendable } from '../storage/types.js';
import { formatPromDuration } from './config/duration.js';
import type { ScrapeConfig, ScrapeJobConfig, TargetGroup } from './config/schema.js';
import { FileDiscovery } from './discovery/file-discovery.js';
import { ScrapeLoop } from './scrape-loop.js';
import { targetsOfGroup } from './target-labels.js';

/** One target as `/api/v1/targets` lists it (Prometheus' field names). */
export interface ActiveTarget {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
  health: 'up' | 'down' | 'unknown';
  scrapeInterval: string;
  scrapeTimeout: string;
}

export interface ScrapeManagerOptions {
  appendable: Appendable;
  config: ScrapeConfig;
  /** Base folder of relative file_sd paths. */
  baseDir?: string;
  /** Called on discovery errors (bad SD file); the last good targets are kept. */
  onDiscoveryError?: (job: string, file: string, message: string) => void;
}

/** A stable offset in [0, interval) per target, spreading scrapes like Prometheus does. */
function offsetOf(key: string, intervalMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return (h >>> 0) % intervalMs;
}

/** The targets of one job, kept in sync with its static groups and discovered files. */
class ScrapePool {
  readonly loops = new Map<string, ScrapeLoop>();
  private readonly groupsBySource = new Map<string, TargetGroup[]>();
  private readonly discoveries: FileDiscovery[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly job: ScrapeJobConfig,
    private readonly opts: ScrapeManagerOptions,
  ) {
    this.groupsBySource.set('static', job.staticConfigs);
    job.fileSdConfigs.forEach((config, i) => {
      this.discoveries.push(
        new FileDiscovery({
          config,
          baseDir: opts.baseDir,
          onUpdate: (groups) => {
            this.groupsBySource.set(`file:${i}`, groups);
            this.sync();
          },
          onError: (file, message) => opts.onDiscoveryError?.(job.jobName, file, message),
        }),
      );
    });
  }

  async start(): Promise<void> {
    this.sync();
    await Promise.all(this.discoveries.map((d) => d.start()));
    await this.syncing;
  }

  /** Starts loops for new targets, stops (with staleness markers) the ones that are gone. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      if (this.stopped) return;
      const wanted = new Map<string, ReturnType<typeof targetsOfGroup>[number]>();
      for (const groups of this.groupsBySource.values()) {
        for (const g of groups) {
          for (const t of targetsOfGroup(this.job, g)) wanted.set(`${t.url}\n${labelsKey(t.labels)}`, t);
        }
      }
      const gone = [...this.loops.entries()].filter(([k]) => !wanted.has(k));
      for (const [k] of gone) this.loops.delete(k);
      for (const [k, t] of wanted) {
        if (this.loops.has(k)) continue;
        const loop = new ScrapeLoop(t, this.job, this.opts.appendable);
        this.loops.set(k, loop);
        loop.start(offsetOf(k, this.job.intervalMs));
      }
      await Promise.all(gone.map(([, loop]) => loop.stop(true)));
    });
    return this.syncing;
  }

  /** Waits until pending target updates are applied. */
  settled(): Promise<void> {
    return this.syncing;
  }

  /** Stops every loop; with `stale`, their series get staleness markers (the job was removed). */
  async stop(stale = false): Promise<void> {
    this.stopped = true;
    await Promise.all(this.discoveries.map((d) => d.stop()));
    await this.syncing;
    await Promise.all([...this.loops.values()].map((l) => l.stop(stale)));
    this.loops.clear();
  }

  async refreshDiscovery(): Promise<void> {
    await Promise.all(this.discoveries.map((d) => d.refresh()));
    await this.syncing;
  }
}

/**
 * Runs every job of a scrape config: static targets and file-SD targets, one loop per
 * target, per-job interval and timeout. `start()`/`stop()`; no timer outlives `stop()`.
 */
export class ScrapeManager {
  private pools: ScrapePool[] = [];
  private running = false;
  private config: ScrapeConfig;

  constructor(private readonly opts: ScrapeManagerOptions) {
    this.config = opts.config;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.pools = this.config.jobs.map((job) => new ScrapePool(job, this.opts));
    await Promise.all(this.pools.map((p) => p.start()));
  }

  /**
   * Applies a new config (e.g. on reload): unchanged jobs keep running untouched, changed jobs
   * restart, removed jobs stop and their series get staleness markers.
   */
  async applyConfig(config: ScrapeConfig): Promise<void> {
    this.config = config;
    if (!this.running) return;
    const old = new Map(this.pools.map((p) => [p.job.jobName, p]));
    const next: ScrapePool[] = [];
    const starting: ScrapePool[] = [];
    for (const job of config.jobs) {
      const current = old.get(job.jobName);
      if (current && JSON.stringify(current.job) === JSON.stringify(job)) {
        next.push(current);
        old.delete(job.jobName);
        continue;
      }
      const pool = new ScrapePool(job, this.opts);
      next.push(pool);
      starting.push(pool);
    }
    this.pools = next;
    await Promise.all([...old.values()].map((p) => p.stop(true)));
    await Promise.all(starting.map((p) => p.start()));
  }

  async stop(): Promise<void> {
    this.running = false;
    const pools = this.pools;
    this.pools = [];
    await Promise.all(pools.map((p) => p.stop()));
  }

  /** Re-reads all file SD files now (they are also re-read on change and periodically). */
  async refreshDiscovery(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.refreshDiscovery()));
  }

  /** Scrapes every current target once, now (for tools and tests). */
  async scrapeAll(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.settled()));
    await Promise.all(this.pools.flatMap((p) => [...p.loops.values()].map((l) => l.scrape())));
  }

  /**
   * Metric metadata of all targets, as Prometheus' `/api/v1/metadata` (family → distinct
   * {type, help, unit}); types absent from an exposition are reported as "unknown".
   */
  metricMetadata(): Record<string, { type: string; help: string; unit: string }[]> {
    const out: Record<string, { type: string; help: string; unit: string }[]> = {};
    for (const pool of this.pools) {
      for (const loop of pool.loops.values()) {
        for (const [family, m] of loop.metadata) {
          const entry = { type: m.type ?? 'unknown', help: m.help ?? '', unit: m.unit ?? '' };
          const list = (out[family] ??= []);
          if (!list.some((e) => e.type === entry.type && e.help === entry.help && e.unit === entry.unit))
            list.push(entry);
        }
      }
    }
    return out;
  }

  /** Targets in the shape of Prometheus' `/api/v1/targets` `activeTargets`. */
  activeTargets(): ActiveTarget[] {
    const out: ActiveTarget[] = [];
    for (const pool of this.pools) {
      for (const loop of pool.loops.values()) {
        const s = loop.state;
        out.push({
          discoveredLabels: { ...loop.target.discoveredLabels },
          labels: { ...loop.target.labels },
          scrapePool: pool.job.jobName,
          scrapeUrl: loop.target.url,
          globalUrl: loop.target.url,
          lastError: s.lastError,
          lastScrape: s.lastScrapeMs ? new Date(s.lastScrapeMs).toISOString() : '0001-01-01T00:00:00Z',
          lastScrapeDuration: s.lastScrapeDurationSec,
          health: s.health,
          scrapeInterval: formatPromDuration(pool.job.intervalMs),
          scrapeTimeout: formatPromDuration(pool.job.timeoutMs),
        });
      }
    }
    return out;
  }
}
