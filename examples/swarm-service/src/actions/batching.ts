import type { ActionDefinition } from '@claude-zen/otel';
import type { Scorer } from '../model/scorer.js';

/** batch-inference: scoring requests arriving close together share one predict call. */
export function batchInferenceAction(
  scorer: Scorer,
): ActionDefinition<{ maxBatch?: number; maxWaitMs?: number }> {
  return {
    name: 'batch-inference',
    description:
      'Batches the agents’ model scoring calls: requests arriving within maxWaitMs share one predict call of up to maxBatch rows.',
    impact: 'medium',
    risk: 'low',
    parameters: {
      type: 'object',
      properties: {
        maxBatch: { type: 'integer', minimum: 2, maximum: 512 },
        maxWaitMs: { type: 'integer', minimum: 1, maximum: 100 },
      },
      additionalProperties: false,
    },
    apply({ maxBatch = 32, maxWaitMs = 5 }) {
      const before = scorer.setBatching({ maxBatch, maxWaitMs });
      return {
        before: { batching: before ?? null },
        after: { batching: { maxBatch, maxWaitMs } },
        rollback: () => void scorer.setBatching(before),
      };
    },
  };
}
