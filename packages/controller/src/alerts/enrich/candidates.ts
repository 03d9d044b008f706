import { currentMetricQuery } from '../../health/metric-queries.js';

/** A series the enrichment correlates with every alert: its name and one-series PromQL. */
export interface CandidateQuery {
  name: string;
  expr: string;
}

const FIELDS: [name: string, field: string][] = [
  ['coordination latency', 'swarm.coordinationLatency'],
  ['active networks', 'neural.activeNetworks'],
  ['neural memory', 'neural.memoryUsage'],
  ['heap growth', 'memory.heapGrowthBytesPerSecond'],
  ['active requests', 'api.concurrentRequests'],
  ['event-loop delay', 'memory.eventLoopDelay'],
  ['cpu', 'system.cpu'],
];

const FOLD = { sum: 'sum', max: 'max', min: 'min', mean: 'avg' } as const;

/** The fixed candidates, each folded over targets to one series as the health view folds it. */
export const CANDIDATE_QUERIES: readonly CandidateQuery[] = FIELDS.map(([name, field]) => {
  const q = currentMetricQuery(field);
  return { name, expr: `${FOLD[q.reduce]}(${q.expr})` };
});
