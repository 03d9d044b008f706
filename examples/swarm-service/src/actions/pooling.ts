import type { ActionDefinition } from '@claude-zen/otel';
import { collectGarbage } from '../memory/gc.js';
import type { BufferPool } from '../memory/pool.js';
import type { TraceStore } from '../memory/trace-store.js';

/**
 * memory-pooling: agents reuse their task work buffers from a pool, and the task trace store
 * recycles a fixed pool of slots (`poolBytes`) instead of keeping every trace; the memory freed is
 * collected at once (a full GC), so the heap after GC shows it.
 */
export function memoryPoolingAction(
  pool: BufferPool,
  traces: TraceStore,
  traceBytes: () => number,
): ActionDefinition {
  return {
    name: 'memory-pooling',
    description: `Reuses the agents' ${pool.bufferBytes / 1024} KiB task work buffers from a pool, and keeps task traces in a fixed pool of ${Math.round(traces.poolBytes / 1048576)} MiB of recycled slots instead of an ever-growing store (less allocation, bounded memory).`,
    impact: 'high',
    risk: 'low',
    apply() {
      const heapBefore = process.memoryUsage().heapUsed;
      const before = { pooling: pool.setEnabled(true), tracesPooled: traces.pooled };
      traces.pool(traceBytes());
      collectGarbage();
      return {
        before: { ...before, heapUsedBytes: heapBefore },
        after: { pooling: true, tracesPooled: true, heapUsedBytes: process.memoryUsage().heapUsed },
        rollback: () => {
          pool.setEnabled(before.pooling);
          if (!before.tracesPooled) traces.unpool();
        },
      };
    },
  };
}
