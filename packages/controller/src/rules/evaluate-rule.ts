import type { MatrixSeries } from '@claude-zen/tsdb';
import type { SeriesObservation } from '../alerts/state/types.js';
import type { ScoreResult } from '../detect/types.js';
import type { QueryBackend } from '../query/types.js';
import type { DetectionPlan } from './detection.js';
import { renderTemplate } from './template.js';
import type { Rule } from './types.js';

/** How much history one evaluation of `rule` reads, in ms before the evaluation time. */
export function historyMs(rule: Rule, plan: DetectionPlan): number {
  return plan.lookbackMs + rule.windowMs + (rule.minOccurrences?.withinMs ?? 0);
}

/**
 * One evaluation of one rule at `at`: a range query over the history the detector needs, then a
 * verdict per series (each label set on its own). Rejects with the backend's QueryError when the
 * backend fails: the caller then decides nothing.
 */
export async function evaluateRule(
  rule: Rule,
  plan: DetectionPlan,
  backend: QueryBackend,
  at: number,
): Promise<SeriesObservation[]> {
  const steps = Math.ceil(historyMs(rule, plan) / rule.stepMs);
  const res = await backend.range(rule.query, at - steps * rule.stepMs, at, rule.stepMs);
  const series: MatrixSeries[] =
    res.resultType === 'matrix'
      ? res.result
      : res.resultType === 'vector'
        ? res.result.map((s) => ({ metric: s.metric, points: [s.point] }))
        : res.resultType === 'scalar'
          ? [{ metric: {}, points: [res.result] }]
          : [];
  const out: SeriesObservation[] = [];
  for (const s of series) {
    const points = s.points.filter((p) => Number.isFinite(p.v));
    const last = points[points.length - 1];
    if (!last || last.t !== at) continue; // the series is gone now: counts as inactive
    out.push(observe(rule, plan, s.metric, points, at));
  }
  return out;
}

function observe(
  rule: Rule,
  plan: DetectionPlan,
  metric: Readonly<Record<string, string>>,
  points: { t: number; v: number }[],
  at: number,
): SeriesObservation {
  const within = rule.minOccurrences?.withinMs ?? 0;
  let from = points.length - 1;
  while (within > 0 && from > 0 && points[from - 1].t > at - within) from--;
  const verdicts = plan.judge(points, from, seriesKey(metric));
  const lastVerdict = verdicts[verdicts.length - 1];
  const anomalous = verdicts.filter((v): v is ScoreResult => v !== null && v.score > 1);
  const active = rule.minOccurrences
    ? anomalous.length >= rule.minOccurrences.count
    : (lastVerdict?.score ?? 0) > 1;
  const value = points[points.length - 1].v;
  const r: ScoreResult = lastVerdict ?? {
    score: 0,
    expected: value,
    lower: value,
    upper: value,
    severity: 'none',
    evidence: { reason: 'not enough history to decide' },
  };
  let level = r.severity;
  if (active && level === 'none')
    level = anomalous.some((v) => v.severity === 'critical') ? 'critical' : 'warning';
  const severity = level === 'critical' ? rule.severity.critical : rule.severity.warning;
  const seriesLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) if (k !== '__name__') seriesLabels[k] = v;
  const vars = { score: r.score, expected: r.expected, lower: r.lower, upper: r.upper, severity };
  const labels: Record<string, string> = { ...seriesLabels };
  for (const [k, t] of Object.entries(rule.labels))
    labels[k] = renderTemplate(t, { labels: seriesLabels, value, vars });
  labels.alertname = rule.name;
  const annotations: Record<string, string> = {};
  for (const [k, t] of Object.entries(rule.annotations))
    annotations[k] = renderTemplate(t, { labels, value, vars });
  const evidence = rule.minOccurrences
    ? { ...r.evidence, occurrences: anomalous.length, occurrencesNeeded: rule.minOccurrences.count }
    : r.evidence;
  return {
    labels,
    annotations,
    active,
    value,
    severity,
    score: r.score,
    expected: r.expected,
    lower: r.lower,
    upper: r.upper,
    evidence,
  };
}

/** A stable identity of a series' labels (order-independent). */
function seriesKey(metric: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
