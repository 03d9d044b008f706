import { formatRuleDuration } from '../duration.js';

/** A number as PromQL literal text (`0.05`, `1e-12`, `3600`), without float noise (0.075, not 0.07500000000000001). */
export function num(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  return String(Number(n.toPrecision(12)));
}

/** ms as a PromQL range/offset duration (`1h`, `1m30s`); at least 1ms. */
export function dur(ms: number): string {
  return formatRuleDuration(Math.max(1, Math.round(ms)));
}

/** ms as seconds for arithmetic (`3600`). */
export function seconds(ms: number): string {
  return num(ms / 1000);
}
