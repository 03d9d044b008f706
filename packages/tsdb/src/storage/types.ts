import type { Labels } from '../model/labels.js';

/** A label matcher, as in a PromQL selector. `value` is a regex source for =~ and !~ (fully anchored). */
export interface Matcher {
  type: '=' | '!=' | '=~' | '!~';
  name: string;
  value: string;
}

/**
 * One series' samples within a queried time range, ordered by time.
 * Staleness markers are included (see model/value.ts); the PromQL engine interprets them.
 */
export interface SeriesData {
  labels: Labels;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Read access over a time range [mint, maxt] (inclusive, milliseconds). */
export interface Querier {
  /** Series matching all matchers, with their samples in [mint, maxt]. Order unspecified. */
  select(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<SeriesData>;
  /** Label names present on series matching the matchers (all series when none), sorted. */
  labelNames(matchers?: readonly Matcher[]): string[];
  /** Values of one label on series matching the matchers, sorted. */
  labelValues(name: string, matchers?: readonly Matcher[]): string[];
}

/** Anything that can be queried: the head, a block, the whole DB, a test fixture. */
export interface Queryable {
  querier(mint: number, maxt: number): Querier;
}

/** Write access. Samples become visible to queriers on commit(). */
export interface Appender {
  append(labels: Labels, t: number, v: number): void;
  commit(): void;
  rollback(): void;
}

export interface Appendable {
  appender(): Appender;
}

/**
 * An appender with series references (the hot path): resolve a label set once with `ref`, then
 * append by reference. A ref stays valid while the series lives in the head; after it is
 * dropped (no samples for a full block range) `appendRef` throws code `unknown_series_ref`.
 */
export interface SeriesRefAppender extends Appender {
  ref(labels: Labels): number;
  appendRef(ref: number, t: number, v: number): void;
}
