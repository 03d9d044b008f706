import { DetectError } from './errors.js';
import { getDetector } from './registry.js';
import type { RawParams } from './types.js';

/** The sensitivity at which every detector keeps its own defaults (the seed's 0.8). */
export const NEUTRAL_SENSITIVITY = 0.8;

/**
 * Scale of the detectors' levels at a sensitivity `s` in [0, 1]: 2^((0.8 − s) · 2.5), so 1 at the
 * neutral 0.8, 0.71 at 1 (levels ~30% tighter), 1.41 at 0.6, 2 at 0.4 and 4 at 0 (levels 4x wider).
 */
export function sensitivityScale(s: number): number {
  return 2 ** ((NEUTRAL_SENSITIVITY - s) * 2.5);
}

type Mapping = (defaultValue: number, s: number) => number;

const scaled: Mapping = (d, s) => d * sensitivityScale(s);

/**
 * What `anomalyDetection.sensitivity` changes, in one place. Each entry maps a detector's default
 * for a parameter to its value at sensitivity `s`; a rule that sets the parameter itself keeps
 * its own value. `threshold` rules (static levels a person chose) do not change.
 *
 * | rule type                | parameter           | at sensitivity s                              |
 * | ------------------------ | ------------------- | --------------------------------------------- |
 * | dynamic-threshold        | warningSigma (2)    | 2 · k                                         |
 * |                          | criticalSigma (3)   | 3 · k                                         |
 * | trend-analysis           | growthThreshold     | 0.02 · k                                      |
 * | performance-degradation  | threshold (0.15)    | 0.15 · k                                      |
 * | comparative-analysis     | ratio (2)           | 1 + (2 − 1) · k                               |
 * | predictive               | horizon (30m)       | 30m / k (more sensitive: warns earlier)       |
 * | ml-anomaly-detection     | threshold (0.6)     | 0.6 + (0.8 − s) · 0.25, within [0.5, 0.95]    |
 *
 * with k = sensitivityScale(s) = 2^((0.8 − s) · 2.5): 0.71 at s = 1, 1 at 0.8, 2 at 0.4, 4 at 0.
 */
export const SENSITIVITY_MAPPINGS: Readonly<Record<string, Readonly<Record<string, Mapping>>>> = {
  'dynamic-threshold': { warningSigma: scaled, criticalSigma: scaled },
  'trend-analysis': { growthThreshold: scaled },
  'performance-degradation': { threshold: scaled },
  'comparative-analysis': { ratio: (d, s) => 1 + (d - 1) * sensitivityScale(s) },
  predictive: { horizon: (d, s) => Math.round(d / sensitivityScale(s)) },
  'ml-anomaly-detection': {
    threshold: (d, s) => Math.min(0.95, Math.max(0.5, d + (NEUTRAL_SENSITIVITY - s) * 0.25)),
  },
};

/**
 * The rule's parameters with the sensitivity applied to every mapped parameter the rule does not
 * set itself (see SENSITIVITY_MAPPINGS). Throws DetectError for a sensitivity outside [0, 1].
 */
export function applySensitivity(type: string, params: RawParams, s: number): RawParams {
  if (!(s >= 0 && s <= 1))
    throw new DetectError('invalid_param', `sensitivity must be a number from 0 to 1 (got ${s})`);
  const mapping = SENSITIVITY_MAPPINGS[type];
  if (!mapping) return { ...params };
  const specs = getDetector(type).params;
  const out: RawParams = { ...params };
  for (const [name, map] of Object.entries(mapping)) {
    if (params[name] !== undefined) continue;
    const d = specs[name]?.default;
    if (typeof d === 'number') out[name] = map(d, s);
  }
  // a rule's own critical level stays a bound: the warning level never passes it
  const w = out.warningSigma;
  const c = out.criticalSigma;
  if (typeof w === 'number' && typeof c === 'number' && w > c) {
    if (params.warningSigma === undefined) out.warningSigma = c;
    else out.criticalSigma = w;
  }
  return out;
}
