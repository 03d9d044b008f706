/** How much an action is expected to change, and how likely it is to hurt (as targets advertise). */
export type Level = 'low' | 'medium' | 'high';

/** `off`: ignore; `recommend`: queue and explain, apply only when approved; `automatic`: apply. */
export type OptimizationMode = 'off' | 'recommend' | 'automatic';

/** The seed's four strategies. */
export type StrategyName = 'cpu' | 'memory' | 'network' | 'neural';

export const STRATEGY_NAMES: readonly StrategyName[] = ['cpu', 'memory', 'network', 'neural'];

/**
 * The metrics a change is judged by: the four safety metrics plus the ones strategies trigger on.
 * Each is one number per target (see metrics.ts for the PromQL behind them).
 */
export type MetricName =
  | 'cpu'
  | 'memory'
  | 'responseTime'
  | 'accuracy'
  | 'inferenceTime'
  | 'coordinationLatency'
  | 'rss';

/** A process with a control endpoint. */
export interface OptimizationTarget {
  /** Stable id: the `instance` label (or the control URL when there is none). */
  id: string;
  /** Base URL of the control endpoint, e.g. http://127.0.0.1:9465 */
  controlUrl: string;
  /** Bearer token of that endpoint. */
  token?: string;
  /** Labels selecting this target's series in the query backend (e.g. job, instance). */
  selector: Record<string, string>;
}

/** An action as a target advertises it on `GET /v1/actions`. */
export interface AdvertisedAction {
  name: string;
  description: string;
  impact: Level;
  risk: Level;
  builtin?: boolean;
}

/**
 * Limits a change must stay within, as fractions: `maxCpuIncrease: 0.2` is +20%.
 * `maxAccuracyLoss` is absolute on the 0..1 accuracy ratio relative to the baseline (0.05 = −5%).
 */
export interface SafetyLimits {
  maxCpuIncrease: number;
  maxMemoryIncrease: number;
  maxLatencyIncrease: number;
  maxAccuracyLoss: number;
}

export const DEFAULT_SAFETY_LIMITS: Readonly<SafetyLimits> = {
  maxCpuIncrease: 0.2,
  maxMemoryIncrease: 0.1,
  maxLatencyIncrease: 0.5,
  maxAccuracyLoss: 0.05,
};

/** Metric values read at one moment; a missing metric is absent (no data). */
export type MetricSnapshot = Partial<Record<MetricName, number>>;

/** Why an optimization was asked for. */
export interface OptimizationTrigger {
  /** `alert` (an alert or rule name), `metric` (a metric condition) or `manual`. */
  kind: 'alert' | 'metric' | 'manual';
  /** The alert name, or the condition as text. */
  reason: string;
  /** The metric the strategy aims to improve. */
  metric: MetricName;
  /** Its value when triggered, when known. */
  value?: number;
}

/** One proposed change: a strategy's best advertised action on one target. */
export interface OptimizationCandidate {
  id: string;
  strategy: StrategyName;
  target: OptimizationTarget;
  action: AdvertisedAction;
  parameters: Record<string, unknown>;
  trigger: OptimizationTrigger;
  /** Higher first: impact plus safety (the seed's ordering). */
  priority: number;
  /** Other advertised actions of the strategy, best first (the explanation in recommend mode). */
  alternatives: string[];
  createdAt: number;
}
