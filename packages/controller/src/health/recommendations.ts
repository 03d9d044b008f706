import type { TrendAnalysis } from './trends.js';
import type { CurrentMetrics } from './types.js';

export type Priority = 'high' | 'medium' | 'low';

/** What a recommendation looks at: a current metric, or a trend quantity. */
export type RecommendationMetric =
  | 'system.cpu'
  | 'system.memory'
  | 'swarm.coordinationLatency'
  | 'api.responseTime'
  | 'neural.inferenceTime'
  | 'trends.memoryGrowthRate';

/** One row of the seed's recommendation table. */
export interface RecommendationRule {
  type: string;
  category: 'cpu' | 'memory' | 'swarm' | 'api' | 'neural';
  priority: Priority;
  title: string;
  description: string;
  actions: readonly string[];
  expectedImpact: string;
  effort: Priority;
  /** Fires when `metric > above` (and, for neural, WASM acceleration is off). */
  metric: RecommendationMetric;
  above: number;
  /** Extra condition: the neural row needs WASM acceleration known to be off. */
  requiresWasmOff?: boolean;
}

export interface Recommendation
  extends Omit<RecommendationRule, 'metric' | 'above' | 'requiresWasmOff' | 'actions'> {
  actions: string[];
  /** The value that triggered it and the threshold it crossed. */
  evidence: { metric: RecommendationMetric; value: number; threshold: number };
}

/** The seed's table, as data: conditions in the seed's units (percent, ms, fraction per period). */
export const RECOMMENDATION_RULES: readonly RecommendationRule[] = [
  {
    type: 'cpu-optimization',
    category: 'cpu',
    priority: 'high',
    title: 'High CPU Usage Detected',
    description: 'CPU usage is above 80%. Consider optimizing CPU-intensive operations.',
    actions: [
      'Enable WASM acceleration for neural networks',
      'Optimize swarm coordination topology',
      'Implement task batching for better efficiency',
      'Consider horizontal scaling',
    ],
    expectedImpact: 'CPU reduction: 15-30%',
    effort: 'medium',
    metric: 'system.cpu',
    above: 80,
  },
  {
    type: 'memory-optimization',
    category: 'memory',
    priority: 'high',
    title: 'High Memory Usage',
    description: 'Memory usage is critically high. Immediate action recommended.',
    actions: [
      'Enable memory pooling for neural networks',
      'Implement aggressive garbage collection',
      'Clear unused model weights from memory',
      'Optimize agent memory usage',
    ],
    expectedImpact: 'Memory reduction: 20-40%',
    effort: 'low',
    metric: 'system.memory',
    above: 85,
  },
  {
    type: 'swarm-optimization',
    category: 'swarm',
    priority: 'medium',
    title: 'Swarm Coordination Latency',
    description: 'High latency in swarm coordination affecting performance.',
    actions: [
      'Switch to hierarchical topology for large swarms',
      'Implement connection pooling',
      'Optimize message serialization',
      'Enable predictive task assignment',
    ],
    expectedImpact: 'Latency reduction: 40-60%',
    effort: 'medium',
    metric: 'swarm.coordinationLatency',
    above: 200,
  },
  {
    type: 'api-optimization',
    category: 'api',
    priority: 'medium',
    title: 'API Response Time',
    description: 'API response times are higher than optimal.',
    actions: [
      'Enable response caching',
      'Implement connection keep-alive',
      'Optimize database queries',
      'Add response compression',
    ],
    expectedImpact: 'Response time improvement: 30-50%',
    effort: 'low',
    metric: 'api.responseTime',
    above: 300,
  },
  {
    type: 'neural-optimization',
    category: 'neural',
    priority: 'medium',
    title: 'Neural Network Performance',
    description: 'Neural network inference can be significantly accelerated.',
    actions: [
      'Enable WASM acceleration',
      'Implement model quantization',
      'Use batch inference for multiple predictions',
      'Cache frequently used model results',
    ],
    expectedImpact: 'Inference speedup: 5-20x',
    effort: 'low',
    metric: 'neural.inferenceTime',
    above: 100,
    requiresWasmOff: true,
  },
  {
    type: 'predictive-memory',
    category: 'memory',
    priority: 'low',
    title: 'Memory Growth Trend',
    description: 'Memory usage is trending upward. Potential memory leak detected.',
    actions: [
      'Enable memory leak detection',
      'Review recent code changes',
      'Implement memory profiling',
      'Schedule memory optimization',
    ],
    expectedImpact: 'Prevent future memory issues',
    effort: 'medium',
    metric: 'trends.memoryGrowthRate',
    above: 0.05,
  },
];

const PRIORITY_ORDER: Readonly<Record<Priority, number>> = { high: 3, medium: 2, low: 1 };

function metricValue(
  metric: RecommendationMetric,
  m: CurrentMetrics,
  trends: TrendAnalysis | undefined,
): number | undefined {
  switch (metric) {
    case 'system.cpu':
      return m.system.cpu;
    case 'system.memory':
      return m.system.memory;
    case 'swarm.coordinationLatency':
      return m.swarm.coordinationLatency;
    case 'api.responseTime':
      return m.api.responseTime;
    case 'neural.inferenceTime':
      return m.neural.inferenceTime;
    case 'trends.memoryGrowthRate':
      return trends?.memoryGrowthRate;
  }
}

/**
 * Evaluates the table over current metrics and trends: a row fires when its metric has data and
 * is above its threshold (the neural row also needs WASM acceleration known to be off). Sorted
 * high → medium → low, table order within a priority, as the seed.
 */
export function generateRecommendations(
  m: CurrentMetrics,
  trends?: TrendAnalysis,
  rules: readonly RecommendationRule[] = RECOMMENDATION_RULES,
): Recommendation[] {
  const out: Recommendation[] = [];
  for (const rule of rules) {
    const value = metricValue(rule.metric, m, trends);
    if (value === undefined || !Number.isFinite(value) || !(value > rule.above)) continue;
    if (rule.requiresWasmOff && m.neural.wasmAcceleration !== false) continue;
    const { metric, above, requiresWasmOff: _r, actions, ...text } = rule;
    out.push({ ...text, actions: [...actions], evidence: { metric, value, threshold: above } });
  }
  return out.sort((a, b) => PRIORITY_ORDER[b.priority] - PRIORITY_ORDER[a.priority]);
}
