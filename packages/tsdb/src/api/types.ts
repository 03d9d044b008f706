import type { QueryResult } from '../promql/types.js';
import type { Appendable, Queryable } from '../storage/types.js';

/** The engine surface the API needs (PromQLEngine implements it). Errors carry `.type`. */
export interface QueryEngine {
  instantQuery(q: Queryable, expr: string, timeMs: number): QueryResult | Promise<QueryResult>;
  rangeQuery(
    q: Queryable,
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
  ): QueryResult | Promise<QueryResult>;
}

/** One target as `/api/v1/targets` lists it (Prometheus' field names). */
export interface ApiTarget {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  /** RFC 3339. */
  lastScrape: string;
  /** Seconds. */
  lastScrapeDuration: number;
  health: 'up' | 'down' | 'unknown';
  scrapeInterval: string;
  scrapeTimeout: string;
}

export interface TargetsSource {
  activeTargets(): ApiTarget[];
  /** Metric metadata for `/api/v1/metadata` (family → entries). */
  metricMetadata?(): Record<string, { type: string; help: string; unit: string }[]>;
}

export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

export interface ApiServerOptions {
  queryable: Queryable;
  engine: QueryEngine;
  targets?: TargetsSource;
  /** Where `/api/v1/import/openmetrics` writes. Import is disabled unless this (or `openImport`) and `importToken` are set. */
  appendable?: Appendable;
  /**
   * Where one import request writes, opened per request and finished after it (e.g. a block
   * importer for historical data). Takes precedence over `appendable`.
   */
  openImport?: () => { appendable: Appendable; finish(): void };
  /** Bearer token required by the import endpoint. */
  importToken?: string;
  /** Readiness for `/-/ready` (default: always ready). */
  ready?: () => boolean;
  buildInfo?: Partial<BuildInfo>;
  /** Maximum points per series of a range query (Prometheus: 11,000). */
  maxPointsPerSeries?: number;
  logger?: boolean;
}
