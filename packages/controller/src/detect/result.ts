import type { EvidenceValue, ScoreResult, Severity } from './types.js';

/** Largest score a detector reports; keeps scores finite for series that were perfectly flat. */
export const MAX_SCORE = 1e6;

/**
 * Builds a ScoreResult that keeps the invariants every caller relies on: a finite score >= 0
 * (capped at MAX_SCORE), finite band ends, and lower <= expected <= upper.
 */
export function makeResult(
  score: number,
  expected: number,
  lower: number,
  upper: number,
  evidence: Record<string, EvidenceValue>,
  criticalAt = Number.POSITIVE_INFINITY,
): ScoreResult {
  const s = Number.isFinite(score) ? Math.min(MAX_SCORE, Math.max(0, score)) : score > 0 ? MAX_SCORE : 0;
  const e = Number.isFinite(expected) ? expected : 0;
  let lo = Number.isFinite(lower) ? Math.min(lower, e) : e;
  let hi = Number.isFinite(upper) ? Math.max(upper, e) : e;
  if (lo > hi) [lo, hi] = [hi, lo];
  const severity: Severity = s >= criticalAt ? 'critical' : s > 1 ? 'warning' : 'none';
  return { score: s, expected: e, lower: lo, upper: hi, severity, evidence };
}

/** The score when a detector has not seen enough data to judge: 0, the value as its own band. */
export function warmingUp(v: number, have: number, need: number): ScoreResult {
  return makeResult(0, v, v, v, { warmingUp: true, samples: have, needed: need });
}
