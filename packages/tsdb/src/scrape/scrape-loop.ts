import { STALE_NAN } from '../model/value.js';
import type { Appendable, Appender, SeriesRefAppender } from '../storage/types.js';
import type { ScrapeJobConfig } from './config/schema.js';
import { ScrapeError } from './errors.js';
import { fetchExposition } from './fetch-exposition.js';
import { detach, detachLabels } from './parse/detach.js';
import { feedExposition } from './parse/exposition.js';
import { formatOfContentType } from './parse/negotiate.js';
import type { FamilyMetadata, MetricType } from './parse/types.js';
import { mergeSampleLabels, type TargetDefinition } from './target-labels.js';

export type TargetHealth = 'up' | 'down' | 'unknown';

/** What the targets listing shows of one target. */
export interface TargetState {
  health: TargetHealth;
  lastError: string;
  /** Start of the last scrape (ms), 0 before the first. */
  lastScrapeMs: number;
  lastScrapeDurationSec: number;
  lastSamples: number;
}

const REPORT_NAMES = [
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling',
  'scrape_series_added',
] as const;

/**
 * Scrapes one target every interval: fetch, parse (by Content-Type), append with the target's
 * labels, write staleness markers for series that disappeared, and the synthetic `up` /
 * `scrape_*` series. A failure (network, status, malformed body) marks only this target down.
 */
export class ScrapeLoop {
  readonly state: TargetState = {
    health: 'unknown',
    lastError: '',
    lastScrapeMs: 0,
    lastScrapeDurationSec: 0,
    lastSamples: 0,
  };
  /** Metric family metadata (TYPE/HELP/UNIT) of the last successful scrape. */
  metadata = new Map<string, FamilyMetadata>();
  /** Series of the current and the last scrape, by their raw text in the exposition. */
  private cache = new Map<string, CacheEntry>();
  /** Id of the last successful scrape (the series candidates for staleness carry it). */
  private lastOkScrape = 0;
  private scrapeSeq = 0;
  private readonly reportLabels: Record<string, string>[];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;

  constructor(
    readonly target: TargetDefinition,
    readonly job: ScrapeJobConfig,
    private readonly appendable: Appendable,
    private readonly now: () => number = Date.now,
  ) {
    this.reportLabels = REPORT_NAMES.map((n) => ({ ...target.labels, __name__: n }));
  }

  /**
   * Starts scraping after `offsetMs`, then every interval on a fixed grid (a late timer does
   * not shift later scrapes, so samples stay evenly spaced for rate()).
   */
  start(offsetMs: number): void {
    if (this.running) return;
    this.running = true;
    let nextAt = Date.now() + offsetMs;
    const tick = () => {
      if (!this.running) return;
      const now = Date.now();
      do nextAt += this.job.intervalMs;
      while (nextAt <= now);
      this.timer = setTimeout(tick, nextAt - now);
      this.timer.unref?.();
      if (this.inFlight) return; // the previous scrape is still running: skip this slot
      this.scrape().catch(() => {});
    };
    this.timer = setTimeout(tick, offsetMs);
    this.timer.unref?.();
  }

  /** Stops the loop and waits for an in-flight scrape. With `stale`, marks all its series stale. */
  async stop(stale: boolean): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.abort?.abort();
    await this.inFlight?.catch(() => {});
    if (stale) {
      const app = this.appendable.appender();
      const t = this.now();
      for (const e of this.cache.values()) {
        if (e.seenAt === this.lastOkScrape && !e.explicit) safeAppend(app, e.labels, t, STALE_NAN);
      }
      if (this.state.lastScrapeMs > 0)
        for (const labels of this.reportLabels) safeAppend(app, labels, t, STALE_NAN);
      app.commit();
      this.cache.clear();
    }
  }

  /** One scrape, now (after the one in flight, if any: scrapes of a target never overlap). */
  async scrape(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => {});
    const run = this.scrapeOnce();
    this.inFlight = run;
    try {
      await run;
    } finally {
      if (this.inFlight === run) this.inFlight = undefined;
    }
  }

  private async scrapeOnce(): Promise<void> {
    const start = this.now();
    const startHr = performance.now();
    this.abort = new AbortController();
    const id = ++this.scrapeSeq;
    const prev = this.lastOkScrape;
    const cache = this.cache;
    let app = this.appendable.appender();
    let scraped = 0;
    let added = 0;
    let error: string | undefined;
    const metadata = new Map<string, FamilyMetadata>();
    const honorTs = this.job.honorTimestamps;
    const limit = this.job.sampleLimit;
    const onSample = (e: CacheEntry, value: number, timestampMs: number | undefined) => {
      if (++scraped > limit && limit > 0) {
        throw new ScrapeError(
          'sample_limit',
          `sample limit exceeded: more than ${limit} samples; raise sample_limit or reduce the target's series`,
        );
      }
      if (e.seenAt === id) return; // the same series twice in one exposition: first wins
      if (e.seenAt !== prev) added++;
      e.seenAt = id;
      e.explicit = honorTs && timestampMs !== undefined;
      appendEntry(app, e, e.explicit ? (timestampMs as number) : start, value);
    };
    try {
      const { body, contentType } = await fetchExposition(
        this.target.url,
        this.job.timeoutMs,
        this.abort.signal,
      );
      feedExposition(
        body,
        formatOfContentType(contentType),
        {
          metadata: (family, kind, value) => {
            let m = metadata.get(family);
            if (!m) metadata.set(family, (m = {}));
            if (kind === 'type') m.type = value as MetricType;
            else m[kind] = value;
          },
          lookup: (series) => cache.get(series),
          cachedSample: (handle, value, timestampMs) => onSample(handle as CacheEntry, value, timestampMs),
          sample: (s) => {
            const e: CacheEntry = {
              labels: detachLabels(mergeSampleLabels(s.labels, this.target.labels, this.job.honorLabels)),
              ref: -1,
              seenAt: -1,
              createdAt: id,
              explicit: false,
            };
            cache.set(detach(s.series), e);
            onSample(e, s.value, s.timestampMs);
          },
        },
        SCRAPE_PARSE_OPTIONS,
      );
    } catch (e) {
      app.rollback();
      if (!this.running) return; // stopped mid-scrape: write nothing
      app = this.appendable.appender();
      error = e instanceof ScrapeError ? e.message : `scrape failed: ${(e as Error).message}`;
      scraped = 0;
      added = 0;
    }
    // Staleness: every series of the last good scrape that is gone now (all of them on failure).
    for (const [raw, e] of cache) {
      if (!error && e.seenAt === id) continue;
      const wasLive = error
        ? e.createdAt !== id && (e.seenAt === prev || e.seenAt === id)
        : e.seenAt === prev;
      if (wasLive && !e.explicit) appendEntry(app, e, start, STALE_NAN);
      cache.delete(raw);
    }
    if (!error) {
      this.lastOkScrape = id;
      this.metadata = metadata;
    }
    const duration = (performance.now() - startHr) / 1000;
    const values = [error ? 0 : 1, duration, scraped, scraped, added];
    for (let i = 0; i < values.length; i++) safeAppend(app, this.reportLabels[i], start, values[i]);
    app.commit();
    this.state.health = error ? 'down' : 'up';
    this.state.lastError = error ?? '';
    this.state.lastScrapeMs = start;
    this.state.lastScrapeDurationSec = duration;
    this.state.lastSamples = scraped;
    this.abort = undefined;
  }
}

/** Scrapes normalize `le`/`quantile` spellings, as Prometheus 3 does. */
const SCRAPE_PARSE_OPTIONS = { normalizeBoundLabels: true } as const;

/** A series of a target, as last seen; `ref` caches the store's series reference. */
interface CacheEntry {
  labels: Record<string, string>;
  ref: number;
  /** Scrape id that last saw it, and the one that created it. */
  seenAt: number;
  createdAt: number;
  /** Its last sample carried an explicit timestamp: no staleness markers (Prometheus semantics). */
  explicit: boolean;
}

function isRefAppender(app: Appender): app is SeriesRefAppender {
  return typeof (app as Partial<SeriesRefAppender>).appendRef === 'function';
}

/** Appends by cached series reference when the store offers it (no label hashing per sample). */
function appendEntry(app: Appender, e: CacheEntry, t: number, v: number): void {
  if (!isRefAppender(app)) {
    safeAppend(app, e.labels, t, v);
    return;
  }
  try {
    if (e.ref < 0) e.ref = app.ref(e.labels);
    app.appendRef(e.ref, t, v);
  } catch (err) {
    if ((err as { code?: string }).code !== 'unknown_series_ref') return; // rejected sample: dropped
    try {
      e.ref = app.ref(e.labels);
      app.appendRef(e.ref, t, v);
    } catch {
      // rejected sample: dropped
    }
  }
}

/** Appends, ignoring samples the store rejects (out of order, duplicates), as Prometheus counts and drops them. */
function safeAppend(app: Appender, labels: Record<string, string>, t: number, v: number): void {
  try {
    app.append(labels, t, v);
  } catch {
    // rejected sample: dropped
  }
}
