import type { NabProfile } from './profiles.js';
import { normalizeScore, rowValues } from './scoring.js';
import type { RowWindow } from './windows.js';

/** One scored file: the detector's anomaly score per row and the labelled windows. */
export interface ScoredFile {
  scores: readonly number[];
  windows: readonly RowWindow[];
}

/** The best single threshold for a corpus under one profile. */
export interface SweepResult {
  /** A row is a detection when its score >= threshold (Infinity: nothing detected). */
  threshold: number;
  raw: number;
  normalized: number;
  tp: number;
  fp: number;
  fn: number;
  windows: number;
}

/**
 * Finds the threshold with the highest total NAB score over all files (one threshold for the
 * whole corpus), trying every distinct score value exactly: rows are added from the highest score
 * down, keeping for each window the best (earliest) detection and summing false positives.
 */
export function sweepThreshold(files: readonly ScoredFile[], profile: NabProfile): SweepResult {
  interface Row {
    s: number;
    window: number;
    weight: number;
  }
  const rows: Row[] = [];
  let windowCount = 0;
  for (const f of files) {
    const values = rowValues(f.scores.length, f.windows);
    for (let i = 0; i < f.scores.length; i++) {
      const v = values[i];
      if (v.ignored) continue;
      const s = Number.isFinite(f.scores[i]) ? f.scores[i] : 0;
      rows.push({ s, window: v.window >= 0 ? windowCount + v.window : -1, weight: v.weight });
    }
    windowCount += f.windows.length;
  }
  rows.sort((a, b) => b.s - a.s);
  const best = new Array<number>(windowCount).fill(Number.NaN);
  let tpSum = 0;
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  const base = -profile.fn * windowCount;
  let top: SweepResult = {
    threshold: Number.POSITIVE_INFINITY,
    raw: base,
    normalized: 0,
    tp: 0,
    fp: 0,
    fn: windowCount,
    windows: windowCount,
  };
  for (let k = 0; k < rows.length; ) {
    const s = rows[k].s;
    for (; k < rows.length && rows[k].s === s; k++) {
      const r = rows[k];
      if (r.window >= 0) {
        const value = r.weight * profile.tp;
        const old = best[r.window];
        if (Number.isNaN(old)) {
          tp++;
          tpSum += value + profile.fn;
          best[r.window] = value;
        } else if (value > old) {
          tpSum += value - old;
          best[r.window] = value;
        }
      } else {
        fp++;
        fpSum += r.weight * profile.fp;
      }
    }
    const raw = base + tpSum + fpSum;
    if (raw > top.raw)
      top = { threshold: s, raw, normalized: 0, tp, fp, fn: windowCount - tp, windows: windowCount };
  }
  top.normalized = normalizeScore(top.raw, windowCount, profile);
  return top;
}
