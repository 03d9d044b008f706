import type { Attributes, Counter, Meter } from '@opentelemetry/api';
import { ATTR_CACHE_NAME, ATTR_CACHE_RESULT, CACHE_HIT_RATIO, CACHE_REQUESTS } from './names.js';

interface CacheTally {
  hits: number;
  misses: number;
  hitAttrs: Attributes;
  missAttrs: Attributes;
}

/** Caches beyond this many names are folded into `_other` (names should be a fixed, small set). */
const MAX_CACHES = 100;

/**
 * Cache-efficiency API (`import { caches } from '@claude-zen/otel'`): the app names its caches
 * and reports hits and misses; the memory collector exports requests by result and hit ratios.
 */
export class CacheRecorder {
  readonly tallies = new Map<string, CacheTally>();
  private requests?: Counter;

  bind(meter: Meter): void {
    this.requests = meter.createCounter(CACHE_REQUESTS, {
      description: 'Cache lookups by cache and result.',
      unit: '{request}',
    });
    meter
      .createObservableGauge(CACHE_HIT_RATIO, {
        description: 'Cumulative share of cache lookups that hit.',
        unit: '1',
      })
      .addCallback((r) => {
        for (const [name, t] of this.tallies) {
          const total = t.hits + t.misses;
          if (total > 0) r.observe(t.hits / total, { [ATTR_CACHE_NAME]: name });
        }
      });
  }

  hit(name: string, count = 1): void {
    this.record(name, true, count);
  }

  miss(name: string, count = 1): void {
    this.record(name, false, count);
  }

  record(name: string, hit: boolean, count = 1): void {
    if (!name || !(count > 0)) return;
    const t = this.tally(String(name));
    if (hit) t.hits += count;
    else t.misses += count;
    this.requests?.add(count, hit ? t.hitAttrs : t.missAttrs);
  }

  private tally(name: string): CacheTally {
    let t = this.tallies.get(name);
    if (!t) {
      if (this.tallies.size >= MAX_CACHES) return this.tally('_other');
      t = {
        hits: 0,
        misses: 0,
        hitAttrs: { [ATTR_CACHE_NAME]: name, [ATTR_CACHE_RESULT]: 'hit' },
        missAttrs: { [ATTR_CACHE_NAME]: name, [ATTR_CACHE_RESULT]: 'miss' },
      };
      this.tallies.set(name, t);
    }
    return t;
  }
}

export const caches = new CacheRecorder();
