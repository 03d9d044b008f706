import type { MetricName, MetricSnapshot, SafetyLimits } from './types.js';

/**
 * Absolute changes too small to count against a limit (noise of a near-idle process): a CPU rise
 * from 0.01 to 0.02 cores is +100% but means nothing.
 */
export interface Tolerances {
  /** cores (default 0.05) */
  cpu: number;
  /** bytes (default 16 MiB) */
  memory: number;
  /** seconds (default 0.005) */
  responseTime: number;
}

export const DEFAULT_TOLERANCES: Readonly<Tolerances> = {
  cpu: 0.05,
  memory: 16 * 1024 * 1024,
  responseTime: 0.005,
};

/** Metrics where more is better; every other one is better lower. */
const HIGHER_IS_BETTER: ReadonlySet<MetricName> = new Set(['accuracy']);

export interface VerifyInput {
  baseline: MetricSnapshot;
  current: MetricSnapshot;
  limits: SafetyLimits;
  /** The metric the change aims to improve (the one that triggered it). */
  goal: MetricName;
  /** Least improvement of the goal (fraction) to call the change a gain; default 0 (any gain). */
  minImprovement?: number;
  tolerances?: Tolerances;
}

export interface Verdict {
  safe: boolean;
  /** Why it is unsafe (empty when safe). */
  reasons: string[];
  /** Improvement per metric as a fraction of the baseline: positive is better (for every metric). */
  improvements: Partial<Record<MetricName, number>>;
  /** The goal's improvement, when both readings exist. */
  goalImprovement?: number;
}

/** Improvement of one metric as a fraction of its baseline, positive when better. */
export function improvement(metric: MetricName, before: number, after: number): number {
  if (before === 0) return after === 0 ? 0 : HIGHER_IS_BETTER.has(metric) ? 1 : -1;
  const change = (after - before) / Math.abs(before);
  const better = HIGHER_IS_BETTER.has(metric) ? change : -change;
  return better === 0 ? 0 : better; // no -0
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The absolute tolerance of a goal metric, when it has one (cpu, memory, responseTime). */
function goalNoise(goal: MetricName, tol: Tolerances): number | undefined {
  return goal === 'cpu' || goal === 'memory' || goal === 'responseTime' ? tol[goal] : undefined;
}

/** A rise of `metric` beyond `limit` (fraction) and beyond the absolute tolerance. */
function rose(before: number, after: number, limit: number, tolerance: number): boolean {
  return after > before * (1 + limit) && after - before > tolerance;
}

/**
 * The decision after a change, as a pure function of the readings: unsafe when a safety limit is
 * broken (CPU, memory, response time up too much; accuracy down too much), when a metric read in
 * the baseline is missing now, when the goal is unreadable, or when the goal did not improve (by
 * more than `minImprovement`, and by more than the metric's absolute noise tolerance: a CPU fall
 * of 0.01 core is not a gain, as a rise of 0.01 core is not a breach).
 */
export function judgeChange(input: VerifyInput): Verdict {
  const { baseline, current, limits, goal } = input;
  const tol = input.tolerances ?? DEFAULT_TOLERANCES;
  const minImprovement = input.minImprovement ?? 0;
  const reasons: string[] = [];
  const improvements: Partial<Record<MetricName, number>> = {};

  for (const metric of Object.keys(baseline) as MetricName[]) {
    const before = baseline[metric];
    const after = current[metric];
    if (before === undefined) continue;
    if (after === undefined) {
      reasons.push(`no data for ${metric} after the change (baseline ${before})`);
      continue;
    }
    improvements[metric] = improvement(metric, before, after);
  }

  const check = (metric: MetricName, limit: number, tolerance: number, label: string) => {
    const before = baseline[metric];
    const after = current[metric];
    if (before === undefined || after === undefined) return;
    if (rose(before, after, limit, tolerance)) {
      reasons.push(
        `${label} rose ${pct((after - before) / (before || 1))} (${before} → ${after}), limit +${pct(limit)}`,
      );
    }
  };
  check('cpu', limits.maxCpuIncrease, tol.cpu, 'CPU');
  check('memory', limits.maxMemoryIncrease, tol.memory, 'memory');
  check('responseTime', limits.maxLatencyIncrease, tol.responseTime, 'response time p95');

  const accBefore = baseline.accuracy;
  const accAfter = current.accuracy;
  if (
    accBefore !== undefined &&
    accAfter !== undefined &&
    accAfter < accBefore * (1 - limits.maxAccuracyLoss)
  ) {
    reasons.push(
      `model accuracy fell ${pct((accBefore - accAfter) / accBefore)} (${accBefore} → ${accAfter}), limit −${pct(limits.maxAccuracyLoss)}`,
    );
  }

  const goalBefore = baseline[goal];
  const goalAfter = current[goal];
  let goalImprovement: number | undefined;
  if (goalBefore === undefined || goalAfter === undefined) {
    if (goalBefore === undefined) reasons.push(`no baseline for the goal metric ${goal}`);
    else if (!reasons.some((r) => r.startsWith(`no data for ${goal} `))) reasons.push(`no data for ${goal}`);
  } else {
    goalImprovement = improvement(goal, goalBefore, goalAfter);
    const noise = goalNoise(goal, tol);
    if (!(goalImprovement > minImprovement)) {
      reasons.push(
        `no gain on ${goal}: ${goalBefore} → ${goalAfter} (${pct(goalImprovement)}, needed > ${pct(minImprovement)})`,
      );
    } else if (noise !== undefined && Math.abs(goalBefore - goalAfter) <= noise) {
      // a fall within the noise of a near-idle reading is no evidence the change did anything
      reasons.push(
        `no gain on ${goal}: ${goalBefore} → ${goalAfter} is within the noise tolerance (${noise})`,
      );
    }
  }

  return { safe: reasons.length === 0, reasons, improvements, goalImprovement };
}

/** `inferenceTime: 83.2% improvement`: the seed's one-line summary of a result. */
export function describeImprovement(goal: MetricName, verdict: Pick<Verdict, 'goalImprovement'>): string {
  return verdict.goalImprovement === undefined
    ? `${goal}: no reading`
    : `${goal}: ${(verdict.goalImprovement * 100).toFixed(1)}% improvement`;
}
