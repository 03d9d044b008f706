import { validatePoint } from './params.js';
import { TimeWindow } from './stats/time-window.js';
import type { Sample, ScoreResult, StreamingDetector } from './types.js';

/**
 * The streaming form of a "baseline vs recent" detector: keeps `baselineMs + recentMs` of
 * history and judges, at every point, the last `recentMs` against a model fitted on what is older.
 */
export function baselineRecentStreaming<M>(
  detector: string,
  baselineMs: number,
  recentMs: number,
  fit: (baseline: readonly Sample[]) => M,
  judge: (model: M, recent: readonly Sample[]) => ScoreResult,
): StreamingDetector {
  const history = new TimeWindow(baselineMs + recentMs);
  let lastT = Number.NEGATIVE_INFINITY;
  return {
    update(t, v) {
      validatePoint(detector, t, v, lastT);
      lastT = t;
      history.push(t, v);
      const all = history.samples();
      const cut = t - recentMs;
      const r = judge(
        fit(all.filter((s) => s.t < cut)),
        all.filter((s) => s.t >= cut),
      );
      return { ...r, detection: r.score > 1 };
    },
  };
}
