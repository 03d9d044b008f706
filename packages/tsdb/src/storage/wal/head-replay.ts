import { labelsKey } from '../../model/labels.js';
import type { Head } from '../head/head.js';
import type { RecordHandler } from './reader.js';

export interface HeadReplayStats {
  series: number;
  samples: number;
  /** Samples skipped: unknown series, before the persisted range, or out of order. */
  skipped: number;
}

/** A replay handler that rebuilds `head` (whose WAL must be detached during replay). */
export function headReplayHandler(head: Head): { handler: RecordHandler; stats: HeadReplayStats } {
  const stats: HeadReplayStats = { series: 0, samples: 0, skipped: 0 };
  // A series recreated after being dropped gets a new ref; map every ref to the live one.
  const alias = new Map<number, number>();
  const handler: RecordHandler = {
    series(ref, labels) {
      const s = head.createSeries(labels, labelsKey(labels), ref);
      if (s.ref !== ref) alias.set(ref, s.ref);
      stats.series++;
    },
    samples(refs, ts, vbits, n) {
      if (alias.size) {
        for (let i = 0; i < n; i++) {
          const a = alias.get(refs[i]);
          if (a !== undefined) refs[i] = a;
        }
      }
      const before = head.numSamples;
      const rejectedBefore = head.outOfOrderAtCommit;
      head.commitSamples(refs, ts, vbits, n);
      stats.samples += head.numSamples - before;
      stats.skipped += head.outOfOrderAtCommit - rejectedBefore;
      head.outOfOrderAtCommit = rejectedBefore;
    },
    chunk(ref, mint, maxt, numSamples, lastLo, lastHi, data) {
      if (head.restoreChunk(alias.get(ref) ?? ref, { data, mint, maxt, numSamples }, lastHi, lastLo)) {
        stats.samples += numSamples;
      } else stats.skipped += numSamples;
    },
  };
  return { handler, stats };
}
