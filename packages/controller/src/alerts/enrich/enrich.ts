import { readCurrentMetrics } from '../../health/current-metrics.js';
import { generateRecommendations, type Recommendation } from '../../health/recommendations.js';
import type { CurrentMetrics } from '../../health/types.js';
import type { QueryBackend } from '../../query/types.js';
import type { AlertStateChange } from '../state/types.js';
import { CANDIDATE_QUERIES, type CandidateQuery } from './candidates.js';
import { historicalContext, trendOf } from './context.js';
import { correlate } from './correlate.js';
import { alertImpact } from './impact.js';
import { causeAreas, knownCauses } from './known-causes.js';
import { rankRootCauses } from './rank.js';
import type { CandidateSeries, EnrichedAlert, Sample } from './types.js';

/** What the enrichment needs of the alert's rule. */
export interface EnrichRule {
  /** The alert's PromQL; absent (an Alertmanager alert with no known expression): no own history. */
  query?: string;
  /** Extra history of the rule (its `window:`), ms; the enrichment looks at least 30 minutes back. */
  windowMs?: number;
  stepMs?: number;
  metric?: string;
}

export interface EnrichOptions {
  candidates?: readonly CandidateQuery[];
  /** Minimum window looked at, ms (default 30 minutes). */
  minWindowMs?: number;
}

const CATEGORY_AREAS: Record<string, string[]> = {
  system: ['cpu', 'memory'],
  cpu: ['cpu'],
  memory: ['memory'],
  swarm: ['swarm'],
  api: ['api'],
  neural: ['neural'],
};

/** The series of a range result whose labels all appear on the alert (the alert's own series). */
function pickSeries(
  res: Awaited<ReturnType<QueryBackend['range']>>,
  labels: Record<string, string>,
): Sample[] | undefined {
  if (res.resultType !== 'matrix') return undefined;
  const match = res.result.find((s) =>
    Object.entries(s.metric).every(([k, v]) => k === '__name__' || labels[k] === v),
  );
  return match?.points.map((p) => ({ t: p.t, v: p.v }));
}

/**
 * Mean database operation time over 5m in ms, from the OpenTelemetry semantic-convention histogram
 * `db.client.operation.duration` when the service exports it; undefined without data.
 */
export const DATABASE_QUERY_MS_EXPR =
  '1000 * sum(rate(db_client_operation_duration_seconds_sum[5m])) / sum(rate(db_client_operation_duration_seconds_count[5m]))';

async function readDatabaseQueryMs(backend: QueryBackend, at: number): Promise<number | undefined> {
  const r = await backend.instant(DATABASE_QUERY_MS_EXPR, at);
  const v =
    r.resultType === 'vector' ? r.result[0]?.point.v : r.resultType === 'scalar' ? r.result.v : undefined;
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * A firing alert with its historical context, trend, ranked root causes (correlations with the
 * candidate series over the window plus the seed's known causes), recommendations of its
 * category and impact. Never throws: a failed query leaves its part empty and adds a note.
 */
export async function enrichAlert(
  change: AlertStateChange,
  backend: QueryBackend,
  rule: EnrichRule,
  at: number,
  opts: EnrichOptions = {},
): Promise<EnrichedAlert> {
  const notes: string[] = [];
  const windowMs = Math.max(rule.windowMs ?? 0, opts.minWindowMs ?? 1_800_000);
  const stepMs = Math.max(1000, Math.min(rule.stepMs ?? 15_000, Math.floor(windowMs / 30)));
  const start = at - windowMs;
  const candidatesQ = opts.candidates ?? CANDIDATE_QUERIES;

  const [own, candidates, current, databaseQueryMs] = await Promise.all([
    rule.query === undefined
      ? Promise.resolve(undefined).then(() => {
          notes.push('history of the alert series: no query known for this alert');
          return undefined;
        })
      : backend
          .range(rule.query, start, at, stepMs)
          .then((r) => pickSeries(r, change.labels))
          .catch((e) => {
            notes.push(`history of the alert series: ${message(e)}`);
            return undefined;
          }),
    Promise.all(
      candidatesQ.map(async (c): Promise<CandidateSeries | undefined> => {
        try {
          const r = await backend.range(c.expr, start, at, stepMs);
          if (r.resultType !== 'matrix' || r.result.length === 0) return undefined;
          return { name: c.name, samples: r.result[0].points.map((p) => ({ t: p.t, v: p.v })) };
        } catch (e) {
          notes.push(`candidate ${c.name}: ${message(e)}`);
          return undefined;
        }
      }),
    ),
    readCurrentMetrics(backend, at).catch((e): CurrentMetrics | undefined => {
      notes.push(`current metrics: ${message(e)}`);
      return undefined;
    }),
    readDatabaseQueryMs(backend, at).catch((e) => {
      notes.push(`database query time: ${message(e)}`);
      return undefined;
    }),
  ]);
  if (own === undefined && !notes.some((n) => n.startsWith('history')))
    notes.push('history of the alert series: no data');

  const series = own ?? [];
  const context = historicalContext(series, change.value);
  const trend = trendOf(series);
  if (own !== undefined && trend === null) notes.push('trend: fewer than 3 samples');
  const correlated = correlate(
    series,
    candidates.filter((c): c is CandidateSeries => c !== undefined),
  );
  const category = change.labels.category;
  const areas = causeAreas([change.rule, rule.query ?? '', rule.metric ?? '', category ?? ''].join(' '));
  const known = current ? knownCauses(current, areas, { databaseQueryMs }) : [];
  if (current && current.errors.length > 0)
    notes.push(`current metrics: ${current.errors.length} queries failed (${current.errors[0].message})`);

  let recommendations: Recommendation[] = [];
  if (current) {
    const wanted = category ? CATEGORY_AREAS[category] : undefined;
    recommendations = generateRecommendations(current).filter((r) => !wanted || wanted.includes(r.category));
  }

  return {
    fingerprint: change.fingerprint,
    rule: change.rule,
    labels: change.labels,
    title:
      change.annotations.summary ??
      change.annotations.title ??
      `${rule.metric ?? change.rule} ${change.severity.toUpperCase()}`,
    description: change.annotations.description ?? change.annotations.summary ?? '',
    value: change.value,
    severity: change.severity,
    status: change.to === 'pending' || change.to === 'firing' ? 'active' : 'resolved',
    at: change.at,
    score: change.score,
    expected: change.expected,
    lower: change.lower,
    upper: change.upper,
    context,
    trend,
    rootCauses: rankRootCauses(known, correlated),
    recommendations,
    impact: alertImpact(category, change.severity),
    notes,
  };
}
