import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';
import { Sampler } from '../sampler.js';
import type { Collector, CollectorContext } from '../types.js';
import { type CacheRecorder, caches as defaultCaches } from './caches.js';
import {
  ATTR_GC_TYPE,
  GC_COUNT,
  HEAP_GROWTH,
  HEAP_GROWTH_CONFIDENCE,
  HEAP_TOTAL,
  HEAP_USED,
  HEAP_USED_AFTER_GC,
  LEAK_SUSPECTED,
  MEMORY_RSS,
} from './names.js';
import { leakSuspected, linearTrend, type Trend } from './trend.js';

export interface MemoryCollectorOptions extends CollectorContext {
  /** Span of the heap trend, ms (default 10 minutes). */
  trendWindowMs?: number;
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

/**
 * Heap, RSS, GC counts and the leak signal. The trend uses the heap measured right after each
 * major GC when there are enough of them (live data, not garbage waiting to be collected), and
 * the sampled heap otherwise. Event-loop delay/utilization, GC durations and per-space heap come
 * from `@opentelemetry/instrumentation-runtime-node`, registered beside this collector.
 */
export class MemoryCollector implements Collector {
  readonly name = 'memory';
  private readonly sampler: Sampler;
  private readonly windowMs: number;
  private sampled: { t: number[]; v: number[] } = { t: [], v: [] };
  private afterGc: { t: number[]; v: number[] } = { t: [], v: [] };
  private readonly gcCounts = new Map<string, number>();
  private observer?: PerformanceObserver;
  private trend?: Trend;
  private suspected = false;
  private last = process.memoryUsage();

  constructor(ctx: MemoryCollectorOptions, cacheRecorder: CacheRecorder = defaultCaches) {
    this.windowMs = ctx.trendWindowMs ?? 10 * 60_000;
    cacheRecorder.bind(ctx.meter);
    this.registerGauges(ctx.meter);
    this.sampler = new Sampler('memory', ctx.intervalMs, () => this.sample());
  }

  start(): void {
    if (!this.observer) {
      this.observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          this.onGc((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? -1);
      });
      this.observer.observe({ entryTypes: ['gc'] });
    }
    this.sampler.start();
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.sampler.stop();
  }

  get leakSuspected(): boolean {
    return this.suspected;
  }

  sample(now = Date.now()): void {
    this.last = process.memoryUsage();
    push(this.sampled, now, this.last.heapUsed, this.windowMs);
    const series = this.afterGc.t.length >= 10 ? this.afterGc : this.sampled;
    this.trend = linearTrend(
      series.t.map((t) => t / 1000),
      series.v,
    );
    this.suspected = leakSuspected(this.trend);
  }

  private onGc(kind: number): void {
    const name = GC_KINDS[kind] ?? 'unknown';
    this.gcCounts.set(name, (this.gcCounts.get(name) ?? 0) + 1);
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      push(this.afterGc, Date.now(), process.memoryUsage().heapUsed, this.windowMs);
  }

  private registerGauges(meter: Meter): void {
    meter
      .createObservableGauge(HEAP_USED, { description: 'V8 heap in use.', unit: 'By' })
      .addCallback((r) => r.observe(this.last.heapUsed));
    meter
      .createObservableGauge(HEAP_TOTAL, { description: 'V8 heap reserved.', unit: 'By' })
      .addCallback((r) => r.observe(this.last.heapTotal));
    meter
      .createObservableGauge(MEMORY_RSS, { description: 'Resident set size of the process.', unit: 'By' })
      .addCallback((r) => r.observe(this.last.rss));
    meter
      .createObservableGauge(HEAP_USED_AFTER_GC, {
        description: 'V8 heap in use right after the last major GC.',
        unit: 'By',
      })
      .addCallback((r) => {
        const n = this.afterGc.v.length;
        if (n > 0) r.observe(this.afterGc.v[n - 1]);
      });
    meter
      .createObservableGauge(HEAP_GROWTH, {
        description: 'Heap growth rate from a linear fit over the trend window (positive = growing).',
        unit: 'By/s',
      })
      .addCallback((r) => {
        if (this.trend) r.observe(this.trend.slope);
      });
    meter
      .createObservableGauge(HEAP_GROWTH_CONFIDENCE, {
        description: 'R² of the heap growth fit (0..1).',
        unit: '1',
      })
      .addCallback((r) => {
        if (this.trend) r.observe(this.trend.r2);
      });
    meter
      .createObservableGauge(LEAK_SUSPECTED, {
        description: '1 when the heap grows steadily (R² ≥ 0.8) by at least 5% over the trend window.',
        unit: '',
      })
      .addCallback((r) => r.observe(this.suspected ? 1 : 0));
    meter
      .createObservableCounter(GC_COUNT, { description: 'Garbage collections by kind.', unit: '{gc}' })
      .addCallback((r) => {
        for (const [kind, n] of this.gcCounts) r.observe(n, { [ATTR_GC_TYPE]: kind });
      });
  }
}

function push(series: { t: number[]; v: number[] }, t: number, v: number, windowMs: number): void {
  series.t.push(t);
  series.v.push(v);
  while (series.t.length > 2 && t - series.t[0] > windowMs) {
    series.t.shift();
    series.v.shift();
  }
}
