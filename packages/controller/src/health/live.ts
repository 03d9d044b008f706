import type { QueryBackend } from '../query/types.js';
import { readCurrentMetrics } from './current-metrics.js';
import { calculateSystemHealth } from './scores.js';
import type { TargetFilter } from './target.js';
import type { CurrentMetrics, HealthScore } from './types.js';

/** The current metrics with the health score computed from them (what a live view shows). */
export interface LiveMetrics extends CurrentMetrics {
  health: HealthScore;
}

/** Reads the current metrics at `at` and scores them; never throws (see readCurrentMetrics). */
export async function readLiveMetrics(
  backend: QueryBackend,
  at: number,
  filter: TargetFilter = {},
): Promise<LiveMetrics> {
  const current = await readCurrentMetrics(backend, at, filter);
  return { ...current, health: calculateSystemHealth(current) };
}
