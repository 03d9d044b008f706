/**
 * Sample values. Timestamps are integer milliseconds since the epoch, as in Prometheus.
 * A staleness marker is a NaN with a specific bit pattern (0x7ff0000000000002); it must be
 * preserved bit-exactly by storage, so it is detected through its bits, never with `===`.
 */
const buf = new DataView(new ArrayBuffer(8));

export const STALE_NAN_BITS_HI = 0x7ff00000;
export const STALE_NAN_BITS_LO = 0x00000002;

export const STALE_NAN: number = (() => {
  buf.setUint32(0, STALE_NAN_BITS_HI);
  buf.setUint32(4, STALE_NAN_BITS_LO);
  return buf.getFloat64(0);
})();

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  buf.setFloat64(0, v);
  return buf.getUint32(0) === STALE_NAN_BITS_HI && buf.getUint32(4) === STALE_NAN_BITS_LO;
}

export interface Sample {
  t: number;
  v: number;
}
