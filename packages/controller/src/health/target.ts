import type { Labels } from '@claude-zen/tsdb';

/** Restricts reads to one scrape job and/or instance (matched on the result's labels). */
export interface TargetFilter {
  job?: string;
  instance?: string;
}

/** True when a series' labels match the filter (a series without the label does not match). */
export function matchesTarget(labels: Labels, filter: TargetFilter): boolean {
  if (filter.job !== undefined && labels.job !== filter.job) return false;
  if (filter.instance !== undefined && labels.instance !== filter.instance) return false;
  return true;
}
