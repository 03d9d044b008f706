import { encodeDecimal, isDecimalValue } from './decimal.js';
import { chunkNumSamples, decodeChunkInto } from './xor.js';

let ts = new Float64Array(128);
let vbits = new Uint32Array(256);

/**
 * Re-encodes a closed XOR chunk as a decimal chunk when that is smaller (values that are exact
 * decimals: counters, integer gauges, rounded ratios); otherwise returns it unchanged. A decimal
 * result is a view of a scratch buffer, valid until the next call: copy it to keep it.
 */
export function compactChunk(xor: Uint8Array, lastValue?: number): Uint8Array {
  const n = chunkNumSamples(xor);
  if (n < 2 || (lastValue !== undefined && !isDecimalValue(lastValue))) return xor;
  if (ts.length < n) {
    ts = new Float64Array(n);
    vbits = new Uint32Array(2 * n);
  }
  decodeChunkInto(xor, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, ts, vbits, 0);
  const dec = encodeDecimal(ts, vbits, n);
  return dec !== null && dec.length < xor.length ? dec : xor;
}
