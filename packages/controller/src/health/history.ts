import type { Sample } from '../detect/types.js';
import type { QueryBackend } from '../query/types.js';
import { currentMetricQuery, reduceValues } from './metric-queries.js';
import { matchesTarget, type TargetFilter } from './target.js';

/** The fields whose history feeds trends and predictions (dotted CurrentMetrics paths). */
export const TREND_FIELDS = [
  'system.cpu',
  'system.memory',
  'memory.heapUsed',
  'memory.heapAfterGc',
  'memory.eventLoopDelay',
  'api.responseTime',
  'api.throughput',
  'api.errorRate',
  'swarm.coordinationLatency',
  'swarm.efficiency',
  'swarm.taskThroughput',
  'neural.inferenceTime',
] as const;

export type TrendField = (typeof TREND_FIELDS)[number];

/** Samples per field over a period, in the seed's units, folded over targets. */
export type MetricHistory = Partial<Record<TrendField, Sample[]>>;

export interface MetricHistoryOptions {
  /** End of the period, ms since the epoch. */
  at: number;
  /** Length of the period in ms (default 1 h). */
  periodMs?: number;
  /** Resolution in ms (default period / 60, at least 1 s). */
  stepMs?: number;
  filter?: TargetFilter;
  fields?: readonly TrendField[];
}

export const DEFAULT_PERIOD_MS = 3_600_000;

/**
 * Reads the history of each field with one range query, folding the series of every step with
 * the field's reducer. A field with no data or a failed query is left out (errors are returned).
 */
export async function readHistory(
  backend: QueryBackend,
  opts: MetricHistoryOptions,
): Promise<{ history: MetricHistory; errors: { field: string; message: string }[] }> {
  const periodMs = opts.periodMs ?? DEFAULT_PERIOD_MS;
  const stepMs = opts.stepMs ?? Math.max(1_000, Math.floor(periodMs / 60));
  const filter = opts.filter ?? {};
  const history: MetricHistory = {};
  const errors: { field: string; message: string }[] = [];
  await Promise.all(
    (opts.fields ?? TREND_FIELDS).map(async (field) => {
      const q = currentMetricQuery(field);
      try {
        const res = await backend.range(q.expr, opts.at - periodMs, opts.at, stepMs);
        if (res.resultType !== 'matrix') return;
        const byTime = new Map<number, number[]>();
        for (const s of res.result) {
          if (!matchesTarget(s.metric, filter)) continue;
          for (const p of s.points) {
            const list = byTime.get(p.t);
            if (list) list.push(p.v);
            else byTime.set(p.t, [p.v]);
          }
        }
        const samples: Sample[] = [];
        for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
          const v = reduceValues(byTime.get(t) as number[], q.reduce);
          if (v !== undefined) samples.push({ t, v: v * q.scale });
        }
        if (samples.length) history[field] = samples;
      } catch (e) {
        errors.push({ field, message: (e as Error).message });
      }
    }),
  );
  errors.sort((a, b) => a.field.localeCompare(b.field));
  return { history, errors };
}
