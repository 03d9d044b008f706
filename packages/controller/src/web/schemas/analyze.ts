import { ANALYZE_AREAS } from '../../health/analyze.js';
import { monitorAlertSchema } from './alerts.js';
import { arr, num, obj, oneOf, type Schema, str } from './common.js';
import { fieldErrorsSchema, predictionSchema, recommendationSchema } from './metrics.js';

export const analyzeParams: Schema = {
  type: 'object',
  properties: { area: oneOf(ANALYZE_AREAS) },
  required: ['area'],
};

export const analyzeQuery: Schema = {
  type: 'object',
  properties: { timeframe: { type: 'string', default: '1h', description: 'a duration like 15m, 1h, 24h' } },
};

/** health/analyze.ts AreaAnalysis (GET /api/analyze/:area). */
export const analyzeResponseSchema: Schema = obj(
  {
    area: oneOf(ANALYZE_AREAS),
    timeframe: str,
    field: str,
    current: num,
    baseline: num,
    trend: {
      anyOf: [
        obj({ slope: num, perHour: num, r2: num, direction: str, changePercent: num }),
        { type: 'null' },
      ],
    },
    anomalies: arr(monitorAlertSchema),
    recommendations: arr(recommendationSchema),
    prediction: { anyOf: [predictionSchema, { type: 'null' }] },
    errors: fieldErrorsSchema,
  },
  ['area', 'timeframe', 'field', 'trend', 'anomalies', 'recommendations', 'prediction', 'errors'],
);
