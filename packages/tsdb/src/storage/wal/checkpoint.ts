import type { Head } from '../head/head.js';
import type { ChunkMeta } from '../head/mem-series.js';
import { encodeChunk, encodeSeries, type RecordBuffer } from './records.js';

/**
 * Encodes the head's live series and their chunks as checkpoint records. Only the last chunk
 * of a series carries the series' last value bits (used for duplicate detection after replay).
 */
export function writeHeadCheckpoint(head: Head, out: RecordBuffer, drain: () => void): void {
  const chunks: ChunkMeta[] = [];
  for (const s of head.allSeries()) {
    encodeSeries(out, s.ref, s.labels);
    chunks.length = 0;
    s.chunksIn(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, chunks);
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      const last = i === chunks.length - 1;
      encodeChunk(out, s.ref, c.mint, c.maxt, c.numSamples, last ? s.lastLo : 0, last ? s.lastHi : 0, c.data);
    }
    drain();
  }
}
