import { arr, bool, num, obj, oneOf, type Schema, str } from './common.js';

const numbers = (keys: string[]): Schema => obj(Object.fromEntries(keys.map((k) => [k, num])), []);

const fieldError = obj({ field: str, message: str });

/** health/types.ts CurrentMetrics. */
export const currentMetricsSchema: Schema = obj(
  {
    at: num,
    available: bool,
    errors: arr(fieldError),
    system: numbers(['cpu', 'memory', 'disk']),
    api: numbers(['responseTime', 'throughput', 'errorRate', 'concurrentRequests']),
    memory: obj(
      {
        heapUsed: num,
        heapAfterGc: num,
        rss: num,
        leakSuspected: bool,
        heapGrowthBytesPerSecond: num,
        gcRate: num,
        eventLoopDelay: num,
      },
      [],
    ),
    swarm: numbers([
      'activeSwarms',
      'totalAgents',
      'agentUtilization',
      'coordinationLatency',
      'efficiency',
      'taskThroughput',
      'failureRate',
    ]),
    neural: obj(
      {
        activeNetworks: num,
        inferenceTime: num,
        throughput: num,
        accuracy: num,
        memoryUsage: num,
        wasmAcceleration: bool,
      },
      [],
    ),
  },
  ['at', 'available', 'errors', 'system', 'api', 'memory', 'swarm', 'neural'],
);

const level = oneOf(['good', 'warning', 'critical']);

export const componentScoreSchema: Schema = obj({ score: num, level, value: num, weight: num });

/** health/types.ts HealthScore. */
export const healthScoreSchema: Schema = obj(
  {
    overall: num,
    status: oneOf(['good', 'warning', 'critical', 'unknown']),
    components: obj(
      Object.fromEntries(['cpu', 'memory', 'swarm', 'api', 'neural'].map((k) => [k, componentScoreSchema])),
      [],
    ),
    missing: arr(str),
    renormalised: bool,
    lastUpdated: num,
  },
  ['status', 'components', 'missing', 'renormalised', 'lastUpdated'],
);

/** GET /api/metrics/live and the `metrics:update` event. */
export const liveMetricsSchema: Schema = {
  ...currentMetricsSchema,
  properties: { ...(currentMetricsSchema.properties as object), health: healthScoreSchema },
  required: [...(currentMetricsSchema.required as string[]), 'health'],
};

export const trendSchema: Schema = obj({
  direction: oneOf(['rising', 'falling', 'stable']),
  changePercent: num,
  slopePerHour: num,
  r2: num,
  first: num,
  last: num,
  samples: num,
});

/** health/trends.ts TrendAnalysis. */
export const trendAnalysisSchema: Schema = obj(
  {
    periodMs: num,
    metrics: { type: 'object', additionalProperties: trendSchema },
    memoryGrowthRate: num,
  },
  ['periodMs', 'metrics'],
);

export const TREND_PERIODS = ['15m', '1h', '6h', '24h'] as const;

/** GET /api/metrics/trends. */
export const trendsResponseSchema: Schema = {
  ...trendAnalysisSchema,
  properties: {
    ...(trendAnalysisSchema.properties as object),
    period: oneOf(TREND_PERIODS),
    errors: arr(fieldError),
  },
  required: ['period', 'periodMs', 'metrics', 'errors'],
};

export const predictionSchema: Schema = obj(
  {
    at: num,
    value: num,
    linear: num,
    holt: num,
    lower: num,
    upper: num,
    confidence: num,
    threshold: obj({ value: num, direction: oneOf(['above', 'below']) }),
    timeToIssueMs: num,
  },
  ['at', 'value', 'lower', 'upper', 'confidence'],
);

/** health/recommendations.ts Recommendation. */
export const recommendationSchema: Schema = obj({
  type: str,
  category: str,
  priority: oneOf(['high', 'medium', 'low']),
  title: str,
  description: str,
  actions: arr(str),
  expectedImpact: str,
  effort: oneOf(['high', 'medium', 'low']),
  evidence: obj({ metric: str, value: num, threshold: num }),
});

export const fieldErrorsSchema: Schema = arr(fieldError);
