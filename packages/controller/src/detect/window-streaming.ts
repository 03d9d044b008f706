import { validatePoint } from './params.js';
import { TimeWindow } from './stats/time-window.js';
import type { Sample, ScoreResult, StreamingDetector } from './types.js';

/**
 * The streaming form of a detector that judges each point on the last `windowMs` of history:
 * validates the point, keeps the window, and marks a detection when the score passes 1.
 */
export function windowStreaming(
  detector: string,
  windowMs: number,
  judgeWindow: (window: readonly Sample[], t: number, v: number) => ScoreResult,
): StreamingDetector {
  const history = new TimeWindow(windowMs);
  let lastT = Number.NEGATIVE_INFINITY;
  return {
    update(t, v) {
      validatePoint(detector, t, v, lastT);
      lastT = t;
      history.push(t, v);
      const r = judgeWindow(history.samples(), t, v);
      return { ...r, detection: r.score > 1 };
    },
  };
}

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
  return windowStreaming(detector, baselineMs + recentMs, (all, t) => {
    const cut = t - recentMs;
    return judge(
      fit(all.filter((s) => s.t < cut)),
      all.filter((s) => s.t >= cut),
    );
  });
}
