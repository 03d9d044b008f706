import type { Meter } from '@opentelemetry/api';
import type { CollectorName } from '../config/schema.js';

/** A source of metrics with a sampling loop of its own. start() and stop() are idempotent. */
export interface Collector {
  readonly name: CollectorName | string;
  start(): void;
  stop(): void;
}

export interface CollectorContext {
  meter: Meter;
  intervalMs: number;
}
