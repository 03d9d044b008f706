import { HEALTH_AREAS } from '../../health/components.js';
import { monitorAlertSchema } from './alerts.js';
import { arr, labels, num, numOrNull, obj, oneOf, type Schema, str, strOrNull } from './common.js';

export const ruleHealthSchema: Schema = obj({
  name: str,
  health: oneOf(['ok', 'error', 'unknown']),
  lastError: { anyOf: [obj({ code: str, message: str, at: num }), { type: 'null' }] },
  lastEvaluatedAt: numOrNull,
  lastDurationMs: numOrNull,
  series: num,
  activeAlerts: num,
});

/** GET /healthz (503 when degraded). */
export const controllerHealthSchema: Schema = obj({
  status: oneOf(['ok', 'degraded']),
  backend: obj(
    {
      status: oneOf(['up', 'slow', 'down', 'unknown']),
      backend: str,
      latencyMs: numOrNull,
      lastError: { anyOf: [obj({ code: str, message: str, at: num }), { type: 'null' }] },
      checkedAt: num,
    },
    ['status', 'backend'],
  ),
  rules: arr(ruleHealthSchema),
  lastEvaluationAt: numOrNull,
  optimization: oneOf(['off', 'recommend', 'automatic']),
});

/** health/components.ts ComponentHealth. */
export const componentHealthSchema: Schema = obj({
  component: oneOf(HEALTH_AREAS),
  score: numOrNull,
  status: oneOf(['good', 'warning', 'critical', 'unknown']),
  metrics: { type: 'object' },
  alerts: arr(monitorAlertSchema),
});

/** GET /api/health. */
export const healthOverviewSchema: Schema = obj(
  {
    at: num,
    overall: numOrNull,
    status: oneOf(['good', 'warning', 'critical', 'unknown']),
    components: obj(Object.fromEntries(HEALTH_AREAS.map((a) => [a, componentHealthSchema]))),
  },
  ['at', 'overall', 'status', 'components'],
);

export const componentParams: Schema = {
  type: 'object',
  properties: { component: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['component'],
};

/** GET /api/rules. */
export const rulesResponseSchema: Schema = obj({
  rules: arr(
    obj(
      {
        name: str,
        type: str,
        query: str,
        metric: strOrNull,
        file: str,
        severity: obj({ warning: str, critical: str }),
        labels,
        annotations: labels,
        actions: arr(str),
        intervalMs: num,
        forMs: num,
        health: oneOf(['ok', 'error', 'unknown']),
        lastError: { anyOf: [obj({ code: str, message: str, at: num }), { type: 'null' }] },
        lastEvaluatedAt: numOrNull,
        lastDurationMs: numOrNull,
        series: num,
        activeAlerts: num,
      },
      [
        'name',
        'type',
        'query',
        'severity',
        'labels',
        'annotations',
        'actions',
        'intervalMs',
        'health',
        'series',
      ],
    ),
  ),
});
