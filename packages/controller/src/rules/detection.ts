import { DetectError } from '../detect/errors.js';
import { type AnyDetector, getDetector } from '../detect/registry.js';
import type { Sample, ScoreResult } from '../detect/types.js';
import type { Rule, RuleType } from './types.js';

const DAY = 86_400_000;
/** Fitted models kept per rule (one per series); the cache starts over when full. */
const MAX_CACHED_MODELS = 5_000;

/**
 * How a rule feeds its detector: how much history one verdict needs, and how that history is
 * split between `fit` (the baseline) and `score` (the point or recent window judged).
 */
export interface DetectionPlan {
  /** History needed before the judged point, in ms. */
  lookbackMs: number;
  /**
   * Verdicts for the points `history[from..]`, each judged on the history up to it.
   * null where the detector had too little data to decide. `series` identifies the series, for
   * plans that keep a fitted model per series between evaluations.
   */
  judge(history: readonly Sample[], from: number, series?: string): (ScoreResult | null)[];
}

// biome-ignore lint/suspicious/noExplicitAny: parameters differ per detector type
type Params = any;

/** Splits history at `cutMs` before the judged point: fit on what is older, score the rest. */
function baselineThenRecent(d: AnyDetector, p: Params, recentMs: number) {
  return (h: readonly Sample[]) => {
    const cut = h[h.length - 1].t - recentMs;
    const base = h.filter((s) => s.t < cut);
    const recent = h.filter((s) => s.t >= cut);
    return d.score(d.fit(base, p), recent);
  };
}

function oneAtATime(judgeOne: (h: readonly Sample[]) => ScoreResult): DetectionPlan['judge'] {
  return (history, from) => {
    const out: (ScoreResult | null)[] = [];
    for (let i = from; i < history.length; i++) out.push(safe(() => judgeOne(history.slice(0, i + 1))));
    return out;
  };
}

function safe(f: () => ScoreResult): ScoreResult | null {
  try {
    const r = f();
    return Number.isFinite(r.score) ? r : null;
  } catch (e) {
    if (e instanceof DetectError) return null;
    throw e;
  }
}

/** The plan of a rule: its detector with its resolved parameters (throws DetectError on bad ones). */
export function planFor(rule: Pick<Rule, 'type' | 'params' | 'stepMs'>): DetectionPlan {
  const d = getDetector(rule.type);
  const p = d.resolve(rule.params);
  const kind: RuleType = rule.type;
  switch (kind) {
    case 'threshold':
      return { lookbackMs: 0, judge: oneAtATime((h) => d.score(d.fit([], p), h[h.length - 1])) };
    case 'dynamic-threshold': {
      const season = p.seasonal === 'day' ? DAY : p.seasonal === 'week' ? 7 * DAY : 0;
      return {
        lookbackMs: season ? season + p.baselineWindow / 2 : p.baselineWindow,
        judge: oneAtATime((h) => d.score(d.fit(h.slice(0, -1), p), h[h.length - 1])),
      };
    }
    case 'trend-analysis':
    case 'predictive':
      return {
        lookbackMs: p.window,
        judge: oneAtATime((h) => {
          const w = h.filter((s) => s.t >= h[h.length - 1].t - p.window);
          return d.score(d.fit(w, p), w);
        }),
      };
    case 'performance-degradation':
      return {
        lookbackMs: p.baselineWindow + p.sustain,
        judge: oneAtATime(baselineThenRecent(d, p, p.sustain)),
      };
    case 'comparative-analysis':
      return {
        lookbackMs: p.baselineWindow + p.recentWindow,
        judge: oneAtATime(baselineThenRecent(d, p, p.recentWindow)),
      };
    case 'ml-anomaly-detection': {
      // A forest per series, fitted on the history before the judged points and kept between
      // evaluations; refitted on a schedule (every `refitEvery` steps), not on every evaluation.
      const models = new Map<string, { model: unknown; fittedAt: number }>();
      const refitMs = p.refitEvery * rule.stepMs;
      return {
        lookbackMs: p.trainingSize * rule.stepMs,
        judge(history, from, series) {
          const train = history.slice(Math.max(0, from - p.trainingSize), from);
          if (train.length < p.minTraining) return history.slice(from).map(() => null);
          const trainedUpTo = train[train.length - 1].t;
          const cached = series === undefined ? undefined : models.get(series);
          let model = cached && trainedUpTo - cached.fittedAt < refitMs ? cached.model : undefined;
          if (model === undefined) {
            try {
              model = d.fit(train, p);
            } catch (e) {
              if (e instanceof DetectError) return history.slice(from).map(() => null);
              throw e;
            }
            if (series !== undefined) {
              if (models.size >= MAX_CACHED_MODELS) models.clear();
              models.set(series, { model, fittedAt: trainedUpTo });
            }
          }
          const out: (ScoreResult | null)[] = [];
          for (let i = from; i < history.length; i++)
            out.push(safe(() => d.score(model, history.slice(Math.max(0, i - p.lags - 1), i + 1))));
          return out;
        },
      };
    }
  }
}
