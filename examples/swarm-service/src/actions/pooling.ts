import type { ActionDefinition } from '@claude-zen/otel';
import type { BufferPool } from '../memory/pool.js';

/** memory-pooling: agents reuse their task work buffers instead of allocating one per task. */
export function memoryPoolingAction(pool: BufferPool): ActionDefinition {
  return {
    name: 'memory-pooling',
    description: `Reuses the agents' ${pool.bufferBytes / 1024} KiB task work buffers from a pool instead of allocating a fresh one per task (less allocation and GC).`,
    impact: 'low',
    risk: 'low',
    apply() {
      const before = pool.setEnabled(true);
      return {
        before: { pooling: before },
        after: { pooling: true },
        rollback: () => void pool.setEnabled(before),
      };
    },
  };
}
