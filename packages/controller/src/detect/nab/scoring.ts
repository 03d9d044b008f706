import type { NabProfile } from './profiles.js';
import type { RowWindow } from './windows.js';

/** NAB's probation period: the first min(floor(0.15 n), 750) rows, where detections are ignored. */
export function probationRows(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** NAB's scaled sigmoid: about +1 well before 0, 0 at 0, -1 past 3. */
export function scaledSigmoid(x: number): number {
  return x > 3 ? -1 : 2 * sigmoid(-5 * x) - 1;
}

const TP_SCALE = scaledSigmoid(-1);

/**
 * What a detection at each row is worth, before the profile's weights: `window` is the index of the
 * window the row sits in (or -1), `weight` the unweighted sigmoid value (positive inside windows,
 * <= 0 outside). Rows in the probation period have `ignored` set.
 */
export interface RowValue {
  window: number;
  weight: number;
  ignored: boolean;
}

export function rowValues(n: number, windows: readonly RowWindow[]): RowValue[] {
  const probation = probationRows(n);
  const out: RowValue[] = new Array(n);
  let w = 0;
  let prev: RowWindow | undefined;
  for (let i = 0; i < n; i++) {
    while (w < windows.length && windows[w].right < i) prev = windows[w++];
    const cur = windows[w];
    let value: RowValue;
    if (cur && i >= cur.left && i <= cur.right) {
      const width = cur.right - cur.left + 1;
      const x = -(cur.right - i + 1) / width;
      value = { window: w, weight: scaledSigmoid(x) / TP_SCALE, ignored: false };
    } else if (!prev) {
      value = { window: -1, weight: -1, ignored: false };
    } else {
      const width = prev.right - prev.left + 1;
      const x = width > 1 ? (i - prev.right) / (width - 1) : Number.POSITIVE_INFINITY;
      value = { window: -1, weight: scaledSigmoid(x), ignored: false };
    }
    value.ignored = i < probation;
    out[i] = value;
  }
  return out;
}

/** The outcome of scoring one set of detections. */
export interface NabOutcome {
  score: number;
  tp: number;
  fp: number;
  fn: number;
}

/** NAB score of the detections (row indices or a boolean per row) of one file under a profile. */
export function scoreDetections(
  detections: readonly boolean[],
  windows: readonly RowWindow[],
  profile: NabProfile,
): NabOutcome {
  const values = rowValues(detections.length, windows);
  const best = new Array<number>(windows.length).fill(Number.NaN);
  let fpScore = 0;
  let fp = 0;
  for (let i = 0; i < detections.length; i++) {
    if (!detections[i] || values[i].ignored) continue;
    const r = values[i];
    if (r.window >= 0) {
      if (Number.isNaN(best[r.window])) best[r.window] = r.weight * profile.tp;
    } else {
      fp++;
      fpScore += r.weight * profile.fp;
    }
  }
  let score = fpScore;
  let tp = 0;
  let fn = 0;
  for (const b of best) {
    if (Number.isNaN(b)) {
      fn++;
      score -= profile.fn;
    } else {
      tp++;
      score += b;
    }
  }
  return { score, tp, fp, fn };
}

/** Scores of the null detector (nothing detected) and of the perfect one (each window at its start). */
export function nullScore(windowCount: number, profile: NabProfile): number {
  return -profile.fn * windowCount;
}

export function perfectScore(windowCount: number, profile: NabProfile): number {
  return profile.tp * windowCount;
}

/** 100 * (S - S_null) / (S_perfect - S_null); 0 when there are no windows. */
export function normalizeScore(raw: number, windowCount: number, profile: NabProfile): number {
  const lo = nullScore(windowCount, profile);
  const hi = perfectScore(windowCount, profile);
  return hi === lo ? 0 : (100 * (raw - lo)) / (hi - lo);
}
