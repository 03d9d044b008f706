import { emptyCurrentMetrics } from './current-metrics.js';
import type { CurrentMetrics } from './types.js';

/** Hand-made CurrentMetrics for unit tests: empty groups overridden by `parts`. */
export function metricsWith(
  parts: Partial<Omit<CurrentMetrics, 'at' | 'available' | 'errors'>>,
): CurrentMetrics {
  const m = emptyCurrentMetrics(1_700_000_000_000);
  return { ...m, available: true, ...parts };
}
