import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ActionDefinition } from '../types.js';

let cachedGc: (() => void) | undefined;

/**
 * The engine's gc() even when the process was started without --expose-gc: the flag is turned on,
 * a fresh context picks up its `gc` global, and the flag is turned off again for later contexts.
 */
export function fullGc(): () => void {
  if (cachedGc) return cachedGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return (cachedGc = existing);
  setFlagsFromString('--expose-gc');
  try {
    cachedGc = runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return cachedGc;
}

export interface HeapReading {
  heapUsedBytes: number;
  heapTotalBytes: number;
  rssBytes: number;
}

function readHeap(): HeapReading {
  const m = process.memoryUsage();
  return { heapUsedBytes: m.heapUsed, heapTotalBytes: m.heapTotal, rssBytes: m.rss };
}

export const triggerGcAction: ActionDefinition = {
  name: 'trigger-gc',
  description:
    'Runs a full (major, compacting) garbage collection now and reports heap used before and after. ' +
    'Irreversible but harmless: rollback does nothing (freed memory is not state). Pauses the event loop ' +
    'for the duration of the collection (milliseconds to a few hundred on large heaps).',
  impact: 'low',
  risk: 'low',
  parameters: { type: 'object', additionalProperties: false },
  apply() {
    const gc = fullGc();
    const before = readHeap();
    const started = process.hrtime.bigint();
    gc();
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    const after = readHeap();
    return {
      before,
      after: { ...after, freedBytes: before.heapUsedBytes - after.heapUsedBytes, durationMs },
      rollback: () => {},
    };
  },
};
