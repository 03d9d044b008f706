import type { RawParams } from '../detect/types.js';

/** The rule types; each is judged by the detector of the same name (detect/registry.ts). */
export const RULE_TYPES = [
  'threshold',
  'dynamic-threshold',
  'trend-analysis',
  'performance-degradation',
  'ml-anomaly-detection',
  'comparative-analysis',
  'predictive',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** Alert severity names for the detector's `warning` and `critical` verdicts. */
export interface SeverityMapping {
  warning: string;
  critical: string;
}

/** A validated rule, durations in ms, aliases resolved. */
export interface Rule {
  name: string;
  /** The file it came from. */
  file: string;
  /** PromQL; every series of its result is judged on its own. */
  query: string;
  /** The seed alias it was written with (`system.cpu`), if any. */
  metric?: string;
  type: RuleType;
  /** Detector parameters as written (validated by the detector's resolve). */
  params: RawParams;
  forMs: number;
  keepFiringForMs: number;
  cooldownMs: number;
  /** How often the rule is evaluated. */
  intervalMs: number;
  /** Resolution of the history queried for the detector. */
  stepMs: number;
  /** Extra history queried beyond what the detector needs (`window:`), 0 if not set. */
  windowMs: number;
  severity: SeverityMapping;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Names of optimizer actions to run when the alert fires. */
  actions: string[];
  /** Fire only when the detector saw `count` anomalous points within the last `withinMs`. */
  minOccurrences?: { count: number; withinMs: number };
}

/** One thing wrong with a rule file: where, and how to fix it. */
export interface RuleProblem {
  file: string;
  rule?: string;
  field?: string;
  message: string;
}
