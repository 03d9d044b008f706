import { any, arr, int, labels, num, numOrNull, obj, oneOf, type Schema, str } from './common.js';
import { recommendationSchema } from './metrics.js';

const state = oneOf(['inactive', 'pending', 'firing', 'resolved']);
const suppressedBy = obj({ silenceId: str, inhibitedBy: obj({ fingerprint: str, labels }) }, []);

/** alerts/state/types.ts AlertStateChange (the history's entries). */
export const alertChangeSchema: Schema = obj(
  {
    rule: str,
    labels,
    annotations: labels,
    fingerprint: str,
    from: state,
    to: state,
    at: num,
    activeAt: numOrNull,
    value: numOrNull,
    severity: str,
    score: numOrNull,
    expected: numOrNull,
    lower: numOrNull,
    upper: numOrNull,
    evidence: { type: 'object' },
  },
  ['rule', 'labels', 'annotations', 'fingerprint', 'from', 'to', 'at', 'severity'],
);

/** monitor/service.ts MonitorAlert: a change with the seed's status, its title and source. */
export const monitorAlertSchema: Schema = {
  ...alertChangeSchema,
  properties: {
    ...(alertChangeSchema.properties as object),
    source: oneOf(['rule', 'alertmanager']),
    status: oneOf(['active', 'resolved', 'suppressed']),
    title: str,
    suppressedBy,
  },
  required: [...(alertChangeSchema.required as string[]), 'source', 'status', 'title'],
};

/** An active alert (alerts/state AlertRecord) with its rule and status. */
export const activeAlertSchema: Schema = obj(
  {
    rule: str,
    fingerprint: str,
    state,
    status: oneOf(['active', 'suppressed']),
    suppressedBy,
    labels,
    annotations: labels,
    activeAt: numOrNull,
    firedAt: numOrNull,
    lastActiveAt: numOrNull,
    resolvedAt: numOrNull,
    last: obj({ labels, active: { type: 'boolean' }, value: numOrNull, severity: str }, [
      'labels',
      'severity',
    ]),
  },
  ['rule', 'fingerprint', 'state', 'status', 'labels', 'last'],
);

/** alerts/enrich EnrichedAlert. */
export const enrichedAlertSchema: Schema = obj(
  {
    fingerprint: str,
    rule: str,
    labels,
    title: str,
    description: str,
    value: numOrNull,
    severity: str,
    status: oneOf(['active', 'resolved']),
    at: num,
    score: numOrNull,
    expected: numOrNull,
    lower: numOrNull,
    upper: numOrNull,
    context: any,
    trend: any,
    rootCauses: arr({ type: 'object' }),
    recommendations: arr({ type: 'object' }),
    impact: obj({ level: str, category: str, summary: str }),
    notes: arr(str),
  },
  ['fingerprint', 'rule', 'labels', 'title', 'severity', 'status', 'at', 'rootCauses', 'recommendations'],
);

/** GET /api/alerts. */
export const alertsResponseSchema: Schema = obj({
  active: arr(activeAlertSchema),
  recent: arr(alertChangeSchema),
  enriched: arr(enrichedAlertSchema),
});

export const alertsQuerySchema: Schema = {
  type: 'object',
  properties: { limit: { ...int, minimum: 1, maximum: 1000, default: 100 } },
};

/** The `alert` Socket.IO event. */
export const alertEventSchema: Schema = obj(
  {
    fingerprint: str,
    rule: str,
    state,
    from: state,
    status: oneOf(['active', 'resolved', 'suppressed']),
    severity: str,
    labels,
    annotations: labels,
    value: numOrNull,
    at: num,
    title: str,
    source: str,
  },
  ['fingerprint', 'rule', 'state', 'status', 'severity', 'labels', 'annotations', 'value', 'at'],
);

/** The `anomaly` Socket.IO event. */
export const anomalyEventSchema: Schema = obj(
  {
    rule: str,
    fingerprint: str,
    labels,
    score: numOrNull,
    expected: numOrNull,
    lower: numOrNull,
    upper: numOrNull,
    value: numOrNull,
    at: num,
  },
  ['rule', 'labels', 'score', 'expected', 'lower', 'upper', 'at'],
);

export { recommendationSchema };
