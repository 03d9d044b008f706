import type { Labels } from '../../model/labels.js';

/** Where the head logs what it accepts, before it becomes visible (the write-ahead log). */
export interface WalSink {
  logSeries(ref: number, labels: Labels): void;
  /** `vbits` holds each value as two uint32 (little-endian halves: lo at 2i, hi at 2i+1). */
  logSamples(refs: Int32Array, ts: Float64Array, vbits: Uint32Array, n: number): void;
}
