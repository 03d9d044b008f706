import { DetectError } from './errors.js';
import { anomalyScore, fitForest, type IsolationForest } from './isolation-forest/forest.js';
import { resolveParams, scoringWindow, validatePoint, validateSamples } from './params.js';
import { makeResult, warmingUp } from './result.js';
import { median } from './stats/robust.js';
import type {
  Detector,
  ParamSpecs,
  RawParams,
  Sample,
  ScoreResult,
  StreamingDetector,
  StreamingResult,
} from './types.js';

export interface MlAnomalyParams {
  trees: number;
  sampleSize: number;
  seed: number;
  /** Lagged values added as features (0 = value and derivative only). */
  lags: number;
  /** Isolation-forest score in [0, 1] that counts as anomalous (the normalised score is score / threshold). */
  threshold: number;
  /** Streaming: how many recent samples the forest is trained on. */
  trainingSize: number;
  /** Streaming: refit after this many new samples. */
  refitEvery: number;
  /** Streaming: fewest samples before the first fit. */
  minTraining: number;
}

export interface MlAnomalyModel {
  params: MlAnomalyParams;
  forest: IsolationForest;
  /** Median of the training values: the "expected" value. */
  center: number;
  lower: number;
  upper: number;
}

const NAME = 'ml-anomaly-detection';

const PARAMS: ParamSpecs = {
  trees: { type: 'number', default: 100, min: 1, max: 1000, integer: true, description: 'number of trees' },
  sampleSize: { type: 'number', default: 256, min: 2, integer: true, description: 'sub-sample per tree' },
  seed: { type: 'number', default: 1, integer: true, description: 'PRNG seed (same seed, same forest)' },
  lags: {
    type: 'number',
    default: 2,
    min: 0,
    max: 50,
    integer: true,
    description: 'lagged values as features',
  },
  // A point outside the training range is isolated in about ln(psi) random splits, which gives
  // s ≈ 2^(-(ln 256 + 1) / c(256)) ≈ 0.62-0.67 whatever its distance: 0.6 catches those, 0.7 rarely fires.
  threshold: {
    type: 'number',
    default: 0.6,
    min: 0.01,
    max: 1,
    description: 'forest score that is anomalous',
  },
  trainingSize: { type: 'number', default: 512, min: 8, integer: true, description: 'samples to train on' },
  refitEvery: {
    type: 'number',
    default: 128,
    min: 1,
    integer: true,
    description: 'refit after this many samples',
  },
  minTraining: {
    type: 'number',
    default: 32,
    min: 4,
    integer: true,
    description: 'samples before the first fit',
  },
};

/** Feature row of sample i: value, first difference, then `lags` previous values (padded at the start). */
export function featureRow(values: readonly number[], i: number, lags: number): number[] {
  const at = (k: number) => values[Math.max(0, k)];
  const row = [values[i], values[i] - at(i - 1)];
  for (let l = 1; l <= lags; l++) row.push(at(i - l));
  return row;
}

function fitValues(values: readonly number[], params: MlAnomalyParams): MlAnomalyModel {
  if (values.length < 2)
    throw new DetectError(
      'invalid_samples',
      `detector "${NAME}": fit needs at least 2 samples; give a longer baseline`,
    );
  const rows = values.map((_, i) => featureRow(values, i, params.lags));
  const sorted = Float64Array.from(values).sort();
  return {
    params,
    forest: fitForest(rows, params),
    center: median(values),
    lower: sorted[Math.floor(0.01 * (sorted.length - 1))],
    upper: sorted[Math.ceil(0.99 * (sorted.length - 1))],
  };
}

function judgeRow(m: MlAnomalyModel, row: readonly number[], v: number): ScoreResult {
  const s = anomalyScore(m.forest, row);
  return makeResult(s / m.params.threshold, m.center, m.lower, m.upper, {
    value: v,
    anomalyScore: s,
    threshold: m.params.threshold,
    trainingSize: m.forest.trainingSize,
  });
}

export const mlAnomalyDetection: Detector<MlAnomalyParams, MlAnomalyModel> = {
  name: NAME,
  description:
    'isolation forest on the value, its derivative and lagged values; score in [0,1], alert at >= 0.6',
  params: PARAMS,
  resolve(raw?: RawParams) {
    return resolveParams<MlAnomalyParams>(NAME, PARAMS, raw);
  },
  fit(samples, params) {
    validateSamples(NAME, samples);
    return fitValues(
      samples.map((s) => s.v),
      params,
    );
  },
  /** Scores the last sample of the window; earlier samples of the window provide its lags. */
  score(model, input) {
    const w = scoringWindow(NAME, input);
    const values = w.map((s) => s.v);
    return judgeRow(
      model,
      featureRow(values, values.length - 1, model.params.lags),
      values[values.length - 1],
    );
  },
  createStreaming(params): StreamingDetector {
    const history: number[] = [];
    let model: MlAnomalyModel | undefined;
    let sinceFit = 0;
    let lastT = Number.NEGATIVE_INFINITY;
    return {
      update(t, v) {
        validatePoint(NAME, t, v, lastT);
        lastT = t;
        history.push(v);
        if (history.length > params.trainingSize + params.lags + 1) history.shift();
        const row = featureRow(history, history.length - 1, params.lags);
        const r = model ? judgeRow(model, row, v) : warmingUp(v, history.length, params.minTraining);
        sinceFit++;
        if (history.length >= params.minTraining && (!model || sinceFit >= params.refitEvery)) {
          model = fitValues(history, params);
          sinceFit = 0;
        }
        return { ...r, detection: r.score >= 1 };
      },
    };
  },
};

/** A multivariate model: one forest over rows of several aligned series. */
export interface MultivariateModel {
  params: MlAnomalyParams;
  forest: IsolationForest;
  dimensions: number;
}

/**
 * Aligns several series on the timestamps of the first one: each row takes, from every other
 * series, its latest sample at or before that time (within `tolerance` ms); rows with a gap are dropped.
 */
export function alignSeries(
  series: readonly (readonly Sample[])[],
  tolerance: number,
): { t: number; values: number[] }[] {
  if (series.length === 0) return [];
  series.forEach((s, i) => {
    validateSamples(`${NAME} (series ${i})`, s);
  });
  const pos = series.map(() => 0);
  const out: { t: number; values: number[] }[] = [];
  for (const { t, v } of series[0]) {
    const values = [v];
    let ok = true;
    for (let k = 1; k < series.length; k++) {
      const s = series[k];
      while (pos[k] + 1 < s.length && s[pos[k] + 1].t <= t) pos[k]++;
      const hit = s[pos[k]];
      if (!hit || hit.t > t || t - hit.t > tolerance) {
        ok = false;
        break;
      }
      values.push(hit.v);
    }
    if (ok) out.push({ t, values });
  }
  return out;
}

function checkRows(rows: readonly (readonly number[])[], dims?: number): void {
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || (dims !== undefined && r.length !== dims) || r.some((x) => !Number.isFinite(x)))
      throw new DetectError(
        'invalid_samples',
        `detector "${NAME}": row ${i} must be ${dims ?? 'n'} finite numbers (one per series); align the series first (alignSeries)`,
      );
  });
}

/** Fits a multivariate forest on aligned rows (one value per series). */
export function fitMultivariate(
  rows: readonly (readonly number[])[],
  params: MlAnomalyParams,
): MultivariateModel {
  if (rows.length < 2)
    throw new DetectError(
      'invalid_samples',
      `detector "${NAME}": fit needs at least 2 rows; give a longer baseline`,
    );
  checkRows(rows, rows[0].length);
  return { params, forest: fitForest(rows, params), dimensions: rows[0].length };
}

/** Scores one aligned row; `score` > 1 when the forest score reaches the threshold. */
export function scoreMultivariate(model: MultivariateModel, row: readonly number[]): ScoreResult {
  checkRows([row], model.dimensions);
  const s = anomalyScore(model.forest, row);
  return makeResult(s / model.params.threshold, 0, 0, 0, {
    anomalyScore: s,
    threshold: model.params.threshold,
    dimensions: model.dimensions,
  });
}

/** A multivariate detector fed one aligned row at a time; it trains on its recent rows and refits on a schedule. */
export interface MultivariateStreamingDetector {
  update(t: number, values: readonly number[]): StreamingResult;
}

/** Streaming multivariate isolation forest: trained on the last `trainingSize` rows, refitted every `refitEvery`. */
export function createMultivariateStreaming(params: MlAnomalyParams): MultivariateStreamingDetector {
  const rows: number[][] = [];
  let model: MultivariateModel | undefined;
  let sinceFit = 0;
  let lastT = Number.NEGATIVE_INFINITY;
  let dims = -1;
  return {
    update(t, values) {
      validatePoint(NAME, t, values.length ? values[0] : Number.NaN, lastT);
      if (dims < 0) dims = values.length;
      checkRows([values], dims);
      lastT = t;
      const r = model
        ? scoreMultivariate(model, values)
        : makeResult(0, 0, 0, 0, { warmingUp: true, samples: rows.length, needed: params.minTraining });
      rows.push(values.slice());
      if (rows.length > params.trainingSize) rows.shift();
      sinceFit++;
      if (rows.length >= params.minTraining && (!model || sinceFit >= params.refitEvery)) {
        model = fitMultivariate(rows, params);
        sinceFit = 0;
      }
      return { ...r, detection: r.score >= 1 };
    },
  };
}
