import { DetectError } from './errors.js';
import { anomalyScore, fitForest, type IsolationForest } from './isolation-forest/forest.js';
import { resolveParams, scoringWindow, validatePoint, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { SortedWindow, tailDistance } from './stats/sorted-window.js';
import type {
  Detector,
  ParamSpecs,
  RawParams,
  ScoreResult,
  StreamingDetector,
  StreamingResult,
} from './types.js';

/**
 * The default general-purpose streaming detector. Every component is a scale-free "tail distance"
 * (0 inside the central band, 1 at the history's `tailQuantile`, 2 twice as far from the median),
 * so no component needs per-series units:
 *  - value: the new value vs the last `window` values;
 *  - change: the first difference vs the last `window` differences (spikes, steps);
 *  - level: the median of the last `levelWindow` values vs the history, at the looser
 *    `levelQuantile` (sustained shifts that no single point shows);
 *  - forest (optional, weight `forestWeight`, off by default): an isolation forest over lagged
 *    windows (`forestLags` values), refitted every `refitEvery` samples, its score mapped so 0.5 → 0;
 *  - calibration (optional, `calibrationQuantile`, off by default): divide by a quantile of the
 *    series' own past scores.
 * The ensemble is the largest weighted component divided by `trigger`, so >= 1 is a detection.
 * After a detection the output is held at 0 for `suppress` samples: one event, one alert (NAB
 * rewards the earliest detection of an event and charges every repeat).
 * Parameters are counts of samples, not durations, and hold for any sampling rate; the defaults
 * were chosen on the NAB realAWSCloudwatch corpus as one global setting (bench/nab.md tells how,
 * and what the forest and calibration components measured there: both lowered the score).
 */
export interface StreamingEnsembleParams {
  window: number;
  minHistory: number;
  tailQuantile: number;
  levelWindow: number;
  levelQuantile: number;
  changeWeight: number;
  levelWeight: number;
  forestWeight: number;
  forestLags: number;
  refitEvery: number;
  trigger: number;
  suppress: number;
  seed: number;
  /** Quantile of the series' own past raw scores that the score is divided by (0 = off). */
  calibrationQuantile: number;
}

const NAME = 'streaming-ensemble';

const PARAMS: ParamSpecs = {
  window: { type: 'number', default: 1000, min: 10, integer: true, description: 'history length in samples' },
  minHistory: { type: 'number', default: 50, min: 5, integer: true, description: 'samples before judging' },
  tailQuantile: {
    type: 'number',
    default: 0.999,
    min: 0.5,
    max: 1,
    description: 'history quantile that scores 1',
  },
  levelWindow: {
    type: 'number',
    default: 12,
    min: 1,
    integer: true,
    description: 'recent samples for the level',
  },
  levelQuantile: { type: 'number', default: 0.95, min: 0.5, max: 1, description: 'quantile for the level' },
  changeWeight: {
    type: 'number',
    default: 1,
    min: 0,
    description: 'weight of the first-difference component',
  },
  levelWeight: { type: 'number', default: 1, min: 0, description: 'weight of the level-shift component' },
  forestWeight: {
    type: 'number',
    default: 0,
    min: 0,
    description: 'weight of the isolation-forest component',
  },
  forestLags: {
    type: 'number',
    default: 4,
    min: 1,
    max: 64,
    integer: true,
    description: 'forest window length',
  },
  refitEvery: {
    type: 'number',
    default: 250,
    min: 1,
    integer: true,
    description: 'forest refit period in samples',
  },
  trigger: { type: 'number', default: 1.3, min: 0.01, description: 'component level that is a detection' },
  suppress: {
    type: 'number',
    default: 100,
    min: 0,
    integer: true,
    description: 'samples muted after a detection',
  },
  seed: { type: 'number', default: 1, integer: true, description: 'forest PRNG seed' },
  calibrationQuantile: {
    type: 'number',
    default: 0,
    min: 0,
    max: 1,
    description: 'divide by this quantile of past raw scores (0 = off)',
  },
};

interface Components {
  value: number;
  change: number;
  level: number;
  forest: number;
  center: number;
  lower: number;
  upper: number;
}

/** The history one stream keeps; `fit` builds it from samples, `update` grows it. */
export interface StreamingEnsembleModel {
  params: StreamingEnsembleParams;
  values: SortedWindow;
  changes: SortedWindow;
  scores: SortedWindow;
  recent: number[];
  raw: number[];
  forest?: IsolationForest;
  sinceFit: number;
  prev?: number;
  count: number;
}

function newModel(params: StreamingEnsembleParams): StreamingEnsembleModel {
  return {
    params,
    values: new SortedWindow(params.window),
    changes: new SortedWindow(params.window),
    scores: new SortedWindow(params.window),
    recent: [],
    raw: [],
    sinceFit: 0,
    count: 0,
  };
}

function median(xs: readonly number[]): number {
  const a = xs.slice().sort((x, y) => x - y);
  const n = a.length;
  return n % 2 ? a[(n - 1) >> 1] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

function lagRow(raw: readonly number[], end: number, lags: number): number[] {
  const row: number[] = [];
  for (let l = lags - 1; l >= 0; l--) row.push(raw[Math.max(0, end - l)]);
  const last = row[row.length - 1];
  row.push(last - row[row.length - 2]);
  return row;
}

/** Scores v against the history so far (the history does not include v). */
function components(m: StreamingEnsembleModel, v: number): Components | undefined {
  const p = m.params;
  if (m.values.size < p.minHistory) return undefined;
  const change = m.prev === undefined ? 0 : v - m.prev;
  const value = tailDistance(m.values, v, p.tailQuantile);
  const ch = tailDistance(m.changes, change, p.tailQuantile);
  const recent = [...m.recent.slice(-(p.levelWindow - 1)), v];
  const level = p.levelWeight > 0 ? tailDistance(m.values, median(recent), p.levelQuantile).score : 0;
  let forest = 0;
  if (m.forest && p.forestWeight > 0) {
    const raw = [...m.raw, v];
    const s = anomalyScore(m.forest, lagRow(raw, raw.length - 1, p.forestLags));
    forest = Math.max(0, (s - 0.5) / 0.1);
  }
  return {
    value: value.score,
    change: ch.score,
    level,
    forest,
    center: value.center,
    lower: value.lower,
    upper: value.upper,
  };
}

function learn(m: StreamingEnsembleModel, v: number): void {
  const p = m.params;
  const change = m.prev === undefined ? 0 : v - m.prev;
  m.values.push(v);
  m.changes.push(change);
  m.recent.push(v);
  if (m.recent.length > p.levelWindow) m.recent.shift();
  m.prev = v;
  m.count++;
  if (p.forestWeight > 0) {
    m.raw.push(v);
    if (m.raw.length > p.window) m.raw.shift();
    m.sinceFit++;
    if (m.raw.length >= p.minHistory && (!m.forest || m.sinceFit >= p.refitEvery)) {
      const rows: number[][] = [];
      for (let i = p.forestLags - 1; i < m.raw.length; i++) rows.push(lagRow(m.raw, i, p.forestLags));
      m.forest = fitForest(rows, { trees: 50, sampleSize: 256, seed: p.seed + m.count });
      m.sinceFit = 0;
    }
  }
}

function rawScore(p: StreamingEnsembleParams, c: Components): number {
  return Math.max(c.value, c.change * p.changeWeight, c.level * p.levelWeight, c.forest * p.forestWeight);
}

function combine(m: StreamingEnsembleModel, c: Components): number {
  const p = m.params;
  const raw = rawScore(p, c);
  if (p.calibrationQuantile <= 0) return raw / p.trigger;
  const usual = m.scores.size >= p.minHistory ? m.scores.quantile(p.calibrationQuantile) : 0;
  return raw / Math.max(1, usual) / p.trigger;
}

function remember(m: StreamingEnsembleModel, c: Components | undefined): void {
  if (c && m.params.calibrationQuantile > 0) m.scores.push(rawScore(m.params, c));
}

function toResult(c: Components, v: number, score: number, suppressed: boolean): ScoreResult {
  return makeResult(suppressed ? 0 : score, c.center, c.lower, c.upper, {
    value: v,
    valueComponent: c.value,
    changeComponent: c.change,
    levelComponent: c.level,
    forestComponent: c.forest,
    rawScore: score,
    suppressed,
  });
}

export const streamingEnsemble: Detector<StreamingEnsembleParams, StreamingEnsembleModel> = {
  name: NAME,
  description:
    'default: ensemble of scale-free tail distances (value, change, level, optional forest) with suppression',
  params: PARAMS,
  resolve(raw?: RawParams) {
    const p = resolveParams<StreamingEnsembleParams>(NAME, PARAMS, raw);
    if (p.minHistory > p.window)
      throw new DetectError(
        'invalid_param',
        `detector "${NAME}": parameter "minHistory" (${p.minHistory}) must be <= window (${p.window})`,
      );
    return p;
  },
  fit(samples, params) {
    validateSamples(NAME, samples);
    const m = newModel(params);
    for (const s of samples) learn(m, s.v);
    return m;
  },
  /** Scores the last sample against the fitted history (without learning from it; no suppression). */
  score(model, input) {
    const w = scoringWindow(NAME, input);
    const v = w[w.length - 1].v;
    const c = components(model, v);
    if (!c) return warmingUp(v, model.values.size, model.params.minHistory);
    return toResult(c, v, combine(model, c), false);
  },
  createStreaming(params): StreamingDetector {
    const m = newModel(params);
    let muted = 0;
    let lastT = Number.NEGATIVE_INFINITY;
    return {
      update(t: number, v: number): StreamingResult {
        validatePoint(NAME, t, v, lastT);
        lastT = t;
        const c = components(m, v);
        let r: ScoreResult;
        let detection = false;
        if (!c) r = warmingUp(v, m.values.size, params.minHistory);
        else {
          const score = combine(m, c);
          const suppressed = muted > 0;
          r = toResult(c, v, score, suppressed);
          if (suppressed) muted--;
          else if (score >= 1) {
            detection = true;
            muted = params.suppress;
          }
        }
        remember(m, c);
        learn(m, v);
        return { ...r, detection };
      },
    };
  },
};
