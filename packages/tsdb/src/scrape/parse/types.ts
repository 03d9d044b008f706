/** Metric family types of both exposition formats. */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'untyped'
  | 'unknown';

/** One sample line. `labels` includes `__name__`; `timestampMs` only when the line carried one. */
export interface ParsedSample {
  labels: Record<string, string>;
  value: number;
  timestampMs: number | undefined;
  /** 1-based line number in the exposition. */
  line: number;
  /** The series exactly as written (`name{labels}`), a cache key for the series. */
  series: string;
}

export interface FamilyMetadata {
  type?: MetricType;
  help?: string;
  unit?: string;
}

/** Receives what a parser reads, line by line (no intermediate arrays on the scrape path). */
export interface ExpositionSink {
  sample(sample: ParsedSample): void;
  /**
   * Optional fast path for repeated scrapes: given a series' raw text, return a handle when the
   * sink already knows it; the parser then skips building its labels and calls `cachedSample`.
   */
  lookup?(series: string): object | undefined;
  cachedSample?(handle: object, value: number, timestampMs: number | undefined, line: number): void;
  metadata?(family: string, kind: 'type' | 'help' | 'unit', value: string): void;
}

export interface ParseOptions {
  /**
   * Drop the `<family>_created` series of counters, histograms and summaries (OpenMetrics).
   * Prometheus ingests them as ordinary samples unless created-timestamp ingestion is on;
   * default false, like Prometheus.
   */
  skipCreatedSeries?: boolean;
  /**
   * Normalize `le` (histogram buckets) and `quantile` (summaries) to one float spelling
   * (`le="1"` → `le="1.0"`), as Prometheus 3 does when scraping. Default false (Prometheus 2
   * and promtool's backfill keep them as written).
   */
  normalizeBoundLabels?: boolean;
}

/** A line parser of one format; `end()` checks what must hold once all lines were fed. */
export interface LineParser {
  line(s: string, start: number, end: number, lineNo: number): void;
  end(lastLine: number): void;
}
