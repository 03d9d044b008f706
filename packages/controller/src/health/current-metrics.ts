import type { QueryBackend } from '../query/types.js';
import { CURRENT_METRIC_QUERIES, type CurrentMetricQuery, reduceValues } from './metric-queries.js';
import { matchesTarget, type TargetFilter } from './target.js';
import type { CurrentMetrics } from './types.js';

/** An empty CurrentMetrics at `at`: every field undefined. */
export function emptyCurrentMetrics(at: number): CurrentMetrics {
  return { at, available: false, errors: [], system: {}, api: {}, memory: {}, swarm: {}, neural: {} };
}

/** Sets `group.key` on the metrics object from a dotted field name. */
function setField(m: CurrentMetrics, field: string, value: number | boolean): void {
  const [group, key] = field.split('.') as [keyof CurrentMetrics, string];
  (m[group] as Record<string, number | boolean>)[key] = value;
}

async function readOne(
  backend: QueryBackend,
  q: CurrentMetricQuery,
  at: number,
  filter: TargetFilter,
): Promise<number | undefined> {
  const res = await backend.instant(q.expr, at);
  let values: number[];
  if (res.resultType === 'vector')
    values = res.result.filter((s) => matchesTarget(s.metric, filter)).map((s) => s.point.v);
  else if (res.resultType === 'scalar') values = [res.result.v];
  else values = [];
  const v = reduceValues(values, q.reduce);
  return v === undefined ? undefined : v * q.scale;
}

/**
 * Reads the seed's current metrics at `at`: one instant query per field (see CURRENT_METRIC_QUERIES),
 * folded over targets. Never throws: a field without data is undefined, a failed query is listed
 * in `errors`, and `available` is false when no query could be answered.
 */
export async function readCurrentMetrics(
  backend: QueryBackend,
  at: number,
  filter: TargetFilter = {},
): Promise<CurrentMetrics> {
  const m = emptyCurrentMetrics(at);
  let answered = 0;
  await Promise.all(
    CURRENT_METRIC_QUERIES.map(async (q) => {
      try {
        const v = await readOne(backend, q, at, filter);
        answered++;
        if (v !== undefined) setField(m, q.field, q.boolean ? v > 0 : v);
      } catch (e) {
        m.errors.push({ field: q.field, message: (e as Error).message });
      }
    }),
  );
  m.errors.sort((a, b) => a.field.localeCompare(b.field));
  m.available = answered > 0;
  return m;
}
