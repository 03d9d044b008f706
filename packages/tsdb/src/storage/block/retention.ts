import type { BlockMeta } from './format.js';

export interface RetentionPolicy {
  /** Keep blocks whose data ends within this many ms of the newest sample (0 = forever). */
  retentionMs: number;
  /** Keep total bytes (blocks + WAL) under this (0 = unlimited); oldest blocks go first. */
  retentionBytes: number;
}

export interface SizedBlock {
  meta: BlockMeta;
  bytes: number;
}

/**
 * Blocks to delete, oldest first: those entirely older than `newest - retentionMs`, then as
 * many of the oldest as needed to bring `otherBytes` plus the remaining blocks under the limit.
 */
export function blocksToDelete(
  blocks: readonly SizedBlock[],
  newest: number,
  otherBytes: number,
  policy: RetentionPolicy,
): SizedBlock[] {
  const sorted = [...blocks].sort((a, b) => a.meta.minTime - b.meta.minTime);
  const doomed: SizedBlock[] = [];
  let keepFrom = 0;
  if (policy.retentionMs > 0 && Number.isFinite(newest)) {
    const cutoff = newest - policy.retentionMs;
    while (keepFrom < sorted.length && sorted[keepFrom].meta.maxTime <= cutoff)
      doomed.push(sorted[keepFrom++]);
  }
  if (policy.retentionBytes > 0) {
    let total = otherBytes;
    for (let i = keepFrom; i < sorted.length; i++) total += sorted[i].bytes;
    while (keepFrom < sorted.length && total > policy.retentionBytes) {
      total -= sorted[keepFrom].bytes;
      doomed.push(sorted[keepFrom++]);
    }
  }
  return doomed;
}
