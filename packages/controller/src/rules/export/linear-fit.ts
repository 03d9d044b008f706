import { num } from './promql.js';

/**
 * R² of the least-squares line over a range of a recorded series, from PromQL alone:
 * r² = slope² · var(t) / var(v), with var(t) = step² (n² − 1) / 12 for n samples `stepMs` apart
 * (a recorded series is evaluated at a fixed interval; exact when it has no gaps).
 */
export function rSquared(range: string, slope: string, count: string, stepMs: number): string {
  const step2 = num((stepMs / 1000) ** 2);
  return `clamp_max(${slope} ^ 2 * (${count} ^ 2 - 1) * ${step2} / 12 / stddev_over_time(${range}) ^ 2, 1)`;
}

/** The residual spread of that line: stddev · √(1 − r²). */
export function residualSd(range: string, r2: string): string {
  return `stddev_over_time(${range}) * sqrt(clamp_min(1 - ${r2}, 0))`;
}
