/**
 * Bit access to IEEE-754 doubles through typed-array aliasing (little-endian hosts):
 * reading and writing the two 32-bit halves never goes through arithmetic, so NaN payloads
 * (e.g. the staleness marker) survive bit-exactly.
 */
export const f64 = new Float64Array(1);
export const u32 = new Uint32Array(f64.buffer);
export const LO = 0;
export const HI = 1;

/** Number of trailing zero bits of a non-zero uint32. */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}
