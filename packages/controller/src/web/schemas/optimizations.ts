import { arr, bool, labels, num, obj, oneOf, type Schema, str } from './common.js';

const snapshot: Schema = { type: 'object', additionalProperties: { type: ['number', 'null'] } };

/** optimize/optimizer.ts OptimizationResult. */
export const optimizationResultSchema: Schema = obj(
  {
    id: str,
    strategy: str,
    target: str,
    action: str,
    change: str,
    success: bool,
    rolledBack: bool,
    improvement: str,
    improvements: snapshot,
    baseline: snapshot,
    current: snapshot,
    reasons: arr(str),
    durationMs: num,
    finished: bool,
    reverified: oneOf(['held', 'vanished', 'skipped']),
  },
  ['id', 'strategy', 'target', 'action', 'success', 'rolledBack', 'improvement', 'reasons', 'finished'],
);

export const candidateSchema: Schema = obj(
  {
    id: str,
    strategy: str,
    target: obj({ id: str, controlUrl: str, selector: labels }, ['id']),
    action: obj({ name: str, description: str, impact: str, risk: str }, ['name']),
    parameters: { type: 'object' },
    trigger: obj({ kind: str, reason: str, metric: str }, ['kind', 'reason']),
    priority: num,
    alternatives: arr(str),
    createdAt: num,
  },
  ['id', 'strategy', 'target', 'action', 'trigger', 'priority'],
);

/** optimize/queue.ts PendingOptimization. */
export const pendingSchema: Schema = obj({ candidate: candidateSchema, explanation: str, queuedAt: num });

/** optimize/audit.ts AuditEntry (also the `optimization` Socket.IO event). */
export const auditEntrySchema: Schema = obj(
  {
    time: str,
    decision: str,
    optimization: str,
    strategy: str,
    target: str,
    action: str,
    change: str,
    reason: str,
    baseline: snapshot,
    current: snapshot,
    improvements: snapshot,
    durationMs: num,
  },
  ['time', 'decision', 'optimization', 'strategy', 'target'],
);

/** GET /api/optimizations. */
export const optimizationsResponseSchema: Schema = obj({
  mode: oneOf(['off', 'recommend', 'automatic']),
  results: arr(optimizationResultSchema),
  pending: arr(pendingSchema),
  audit: arr(auditEntrySchema),
});

export const optimizationIdParams: Schema = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['id'],
};

/** POST /api/optimizations/:id/approve. */
export const approveResponseSchema: Schema = obj(
  {
    status: oneOf(['success']),
    decision: oneOf(['skipped', 'queued', 'started']),
    reason: str,
    optimization: str,
    action: str,
    target: str,
  },
  ['status', 'decision'],
);

/** POST /api/optimizations/:id/rollback. */
export const rollbackResponseSchema: Schema = obj({
  status: oneOf(['success']),
  result: optimizationResultSchema,
});

export const STRATEGIES = ['cpu', 'memory', 'network', 'neural'] as const;

/** POST /api/optimize. */
export const optimizeBodySchema: Schema = {
  type: 'object',
  properties: {
    strategy: oneOf(STRATEGIES),
    actions: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 20 },
    target: { type: 'string', minLength: 1, maxLength: 300 },
    dryRun: bool,
  },
  required: ['strategy'],
  additionalProperties: false,
};

export const optimizeResponseSchema: Schema = obj({
  status: oneOf(['success']),
  strategy: str,
  dryRun: bool,
  mode: str,
  decisions: arr(
    obj(
      {
        target: str,
        decision: oneOf(['queued', 'started', 'skipped', 'dry-run']),
        reason: str,
        action: str,
        optimization: str,
        alternatives: arr(str),
      },
      ['target', 'decision'],
    ),
  ),
});
