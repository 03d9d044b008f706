import type { AdvertisedAction, Level, MetricName, MetricSnapshot, StrategyName } from './types.js';

/** One action a strategy may use, if the target advertises it under this name. */
export interface StrategyAction {
  /** The action's name on the control endpoint (e.g. `enable-wasm`). */
  name: string;
  /** The seed's name of the idea (e.g. `enable-wasm-acceleration`), for explanations. */
  seedName: string;
  impact: Level;
  risk: Level;
  parameters?: Record<string, unknown>;
}

/** A metric condition that calls a strategy: `metric op threshold` (in the metric's unit). */
export interface MetricCondition {
  metric: MetricName;
  op: '>' | '<';
  threshold: number;
}

/** The seed's optimization strategy: what calls it, what it aims to improve, what it may do. */
export interface OptimizationStrategy {
  name: StrategyName;
  title: string;
  /** Alert or rule names (from the rule files) that call this strategy when they fire. */
  alerts: readonly string[];
  /** Metric conditions that call it on their own (any one is enough). */
  conditions: readonly MetricCondition[];
  /** The metric a change must improve (verification looks at it too). */
  goal: MetricName;
  actions: readonly StrategyAction[];
}

/**
 * The seed's four strategies mapped onto the actions the preload and the example service offer.
 * Seed actions no target offers (quantization, compression, serialization) are left out: nothing
 * is ever applied that a process does not advertise.
 */
export const STRATEGIES: Readonly<Record<StrategyName, OptimizationStrategy>> = {
  cpu: {
    name: 'cpu',
    title: 'CPU Usage Optimization',
    alerts: ['cpu-usage', 'event-loop-delay'],
    // The seed: system.cpu > 75 (percent); process_cpu_utilization is a ratio of one core.
    conditions: [{ metric: 'cpu', op: '>', threshold: 0.75 }],
    goal: 'cpu',
    actions: [
      { name: 'enable-wasm', seedName: 'enable-wasm-acceleration', impact: 'high', risk: 'low' },
      { name: 'switch-topology', seedName: 'optimize-swarm-topology', impact: 'medium', risk: 'low' },
      { name: 'batch-inference', seedName: 'implement-task-batching', impact: 'medium', risk: 'low' },
    ],
  },
  memory: {
    name: 'memory',
    title: 'Memory Usage Optimization',
    alerts: ['memory-leak'],
    // The seed: system.memory > 80 (percent); here heap after GC above 80% of a 512 MiB budget.
    conditions: [{ metric: 'memory', op: '>', threshold: 0.8 * 512 * 1024 * 1024 }],
    goal: 'memory',
    actions: [
      { name: 'memory-pooling', seedName: 'enable-memory-pooling', impact: 'high', risk: 'low' },
      { name: 'trigger-gc', seedName: 'optimize-cache-usage', impact: 'medium', risk: 'low' },
    ],
  },
  network: {
    name: 'network',
    title: 'Network Performance Optimization',
    alerts: ['api-anomaly', 'swarm-degradation'],
    // The seed: api.responseTime > 300 ms or swarm.coordinationLatency > 150 ms.
    conditions: [
      { metric: 'responseTime', op: '>', threshold: 0.3 },
      { metric: 'coordinationLatency', op: '>', threshold: 0.15 },
    ],
    goal: 'responseTime',
    actions: [
      {
        name: 'tune-http-agents',
        seedName: 'implement-connection-pooling',
        impact: 'high',
        risk: 'low',
        // the action needs at least one field: keep-alive pooling with a bounded socket count
        parameters: { keepAlive: true, maxSockets: 64, maxFreeSockets: 16 },
      },
      // the example service's own pool of connections to its tool backend
      { name: 'connection-pooling', seedName: 'implement-connection-pooling', impact: 'medium', risk: 'low' },
      { name: 'switch-topology', seedName: 'optimize-swarm-topology', impact: 'medium', risk: 'low' },
      { name: 'rebalance-agents', seedName: 'rebalance-agents', impact: 'medium', risk: 'low' },
    ],
  },
  neural: {
    name: 'neural',
    title: 'Neural Network Performance Optimization',
    alerts: ['neural-performance'],
    // The seed: neural.averageInferenceTime > 100 ms.
    conditions: [{ metric: 'inferenceTime', op: '>', threshold: 0.1 }],
    goal: 'inferenceTime',
    actions: [
      // The WASM backend first: a slow model is most often one on the plain cpu backend.
      { name: 'enable-wasm', seedName: 'optimize-layer-computation', impact: 'high', risk: 'low' },
      { name: 'batch-inference', seedName: 'enable-batch-inference', impact: 'high', risk: 'low' },
    ],
  },
};

const IMPACT: Record<Level, number> = { high: 3, medium: 2, low: 1 };
const SAFETY: Record<Level, number> = { low: 3, medium: 2, high: 1 };

/** The seed's score: impact (high 3 … low 1) plus safety (risk low 3 … high 1). */
export function actionScore(a: { impact: Level; risk: Level }): number {
  return IMPACT[a.impact] + SAFETY[a.risk];
}

export interface RankedAction {
  action: StrategyAction;
  advertised: AdvertisedAction;
  score: number;
}

/**
 * The strategy's actions the target advertises, best first. The score uses the less favourable of
 * the strategy's and the target's impact/risk (a target saying "risk: high" is believed); ties keep
 * the strategy's order.
 */
export function rankActions(
  strategy: OptimizationStrategy,
  advertised: readonly AdvertisedAction[],
): RankedAction[] {
  const byName = new Map(advertised.map((a) => [a.name, a]));
  const ranked: RankedAction[] = [];
  for (const action of strategy.actions) {
    const offered = byName.get(action.name);
    if (!offered) continue;
    const impact = IMPACT[offered.impact] < IMPACT[action.impact] ? offered.impact : action.impact;
    const risk = SAFETY[offered.risk] < SAFETY[action.risk] ? offered.risk : action.risk;
    ranked.push({ action, advertised: offered, score: actionScore({ impact, risk }) });
  }
  return ranked
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
    .map(({ r }) => r);
}

/** The first condition of the strategy that holds on these metrics, if any. */
export function conditionMet(
  strategy: OptimizationStrategy,
  metrics: MetricSnapshot,
): MetricCondition | undefined {
  return strategy.conditions.find((c) => {
    const v = metrics[c.metric];
    if (v === undefined || !Number.isFinite(v)) return false;
    return c.op === '>' ? v > c.threshold : v < c.threshold;
  });
}

/** The strategies called by an alert or rule name. */
export function strategiesForAlert(alertName: string): OptimizationStrategy[] {
  return Object.values(STRATEGIES).filter((s) => s.alerts.includes(alertName));
}

/** The text of a condition, e.g. `inferenceTime > 0.1`. */
export function describeCondition(c: MetricCondition): string {
  return `${c.metric} ${c.op} ${c.threshold}`;
}
