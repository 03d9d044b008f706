import { monitorAlertSchema } from './alerts.js';
import { arr, num, obj, type Schema, str } from './common.js';
import {
  currentMetricsSchema,
  fieldErrorsSchema,
  healthScoreSchema,
  predictionSchema,
  recommendationSchema,
  trendAnalysisSchema,
} from './metrics.js';
import { optimizationResultSchema, pendingSchema } from './optimizations.js';

const score: Schema = obj(
  { score: num, parts: { type: 'object', additionalProperties: num }, missing: arr(str) },
  ['parts', 'missing'],
);

/** health/dashboard.ts PerformanceDashboard (GET /api/dashboard). */
export const dashboardSchema: Schema = obj({
  timestamp: num,
  overview: obj({ health: healthScoreSchema, performance: score, availability: score, efficiency: score }),
  metrics: obj({
    current: currentMetricsSchema,
    trends: trendAnalysisSchema,
    predictions: { type: 'object', additionalProperties: predictionSchema },
  }),
  alerts: obj({
    active: arr(monitorAlertSchema),
    resolved: arr(monitorAlertSchema),
    suppressed: arr(monitorAlertSchema),
  }),
  optimizations: obj({
    recent: arr(optimizationResultSchema),
    pending: arr(pendingSchema),
    impact: obj({
      applied: num,
      rolledBack: num,
      failed: num,
      inProgress: num,
      meanImprovements: { type: 'object', additionalProperties: num },
    }),
  }),
  recommendations: arr(recommendationSchema),
  errors: fieldErrorsSchema,
});

export const dashboardQuerySchema: Schema = {
  type: 'object',
  properties: { period: { type: 'number', description: 'trend period in ms (default 3600000)' } },
};
