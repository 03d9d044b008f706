import { BitReader, BitWriter } from './bitstream.js';
import { f64, HI, LO, u32 } from './float-bits.js';

/**
 * Decimal chunk: for closed chunks whose values are all finite decimals m / 10^e with a common
 * e (0..9) and safe-integer m (counters, integer gauges, rounded ratios: most metrics). Values
 * are stored as integer deltas (or deltas of deltas) packed at a per-chunk bit width, with an
 * escape for outliers. Decoding computes m / 10^e, which reproduces the original bits exactly
 * (the encoder checks this for every sample).
 *
 * Layout: u16 big-endian `0x8000 | count`, then bits:
 *   t0 (64), then per later sample the timestamp delta-of-delta in XOR-chunk buckets;
 *   e (4), mode (1: 0 delta, 1 delta-of-delta), width w (6), escapes present (1), m0 (64);
 *   per later sample: [escape flag (1) if escapes present] zigzag(x) in w bits, or 64 bits if escaped.
 */
export const DECIMAL_FLAG = 0x8000;
const TWO_32 = 4294967296;
const MAX_E = 9;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const LIMIT = 2 ** 52;

let mScratch = new Float64Array(128);
const scratchWriter = new BitWriter(2048, 16);
let xScratch = new Float64Array(128);

function bitsOf(z: number): number {
  if (z < TWO_32) return 32 - Math.clz32(z);
  return 32 + (32 - Math.clz32(Math.floor(z / TWO_32)));
}

const zigzag = (x: number): number => (x >= 0 ? 2 * x : -2 * x - 1);

function writeU64(w: BitWriter, z: number): void {
  const hi = Math.floor(z / TWO_32);
  w.writeBits(hi, 32);
  w.writeBits(z - hi * TWO_32, 32);
}

function writeSigned64(w: BitWriter, x: number): void {
  const hi = Math.floor(x / TWO_32);
  w.writeBits(hi, 32);
  w.writeBits(x - hi * TWO_32, 32);
}

function writeZ(w: BitWriter, z: number, n: number): void {
  if (n > 32) {
    const hi = Math.floor(z / TWO_32);
    w.writeBits(hi, n - 32);
    w.writeBits(z - hi * TWO_32, 32);
  } else w.writeBits(z, n);
}

function readZ(r: BitReader, n: number): number {
  if (n > 32) {
    const hi = r.readBits(n - 32);
    return hi * TWO_32 + r.readBits(32);
  }
  return r.readBits(n);
}

function writeDod(w: BitWriter, dod: number): void {
  if (dod === 0) w.writeBit(0);
  else if (dod >= -8191 && dod <= 8192) {
    w.writeBits(0b10, 2);
    w.writeBits(dod, 14);
  } else if (dod >= -65535 && dod <= 65536) {
    w.writeBits(0b110, 3);
    w.writeBits(dod, 17);
  } else if (dod >= -524287 && dod <= 524288) {
    w.writeBits(0b1110, 4);
    w.writeBits(dod, 20);
  } else {
    w.writeBits(0b1111, 4);
    writeSigned64(w, dod);
  }
}

function readDod(r: BitReader): number {
  if (r.readBit() === 0) return 0;
  let bucket = 1;
  while (bucket < 4 && r.readBit() === 1) bucket++;
  if (bucket === 4) {
    const hi = r.readBits(32) | 0;
    return hi * TWO_32 + r.readBits(32);
  }
  const n = bucket === 1 ? 14 : bucket === 2 ? 17 : 20;
  let v = r.readBits(n);
  if (v > 1 << (n - 1)) v -= 1 << n;
  return v;
}

/** Whether `v` could be stored in a decimal chunk. */
export function isDecimalValue(v: number): boolean {
  return decimalExponent(v) >= 0;
}

/** Smallest e such that v == round(v * 10^e) / 10^e exactly, or -1. */
function decimalExponent(v: number): number {
  if (Number.isInteger(v)) return Math.abs(v) <= LIMIT && !Object.is(v, -0) ? 0 : -1;
  if (!Number.isFinite(v)) return -1;
  for (let e = 1; e <= MAX_E; e++) {
    const p = POW10[e];
    const m = Math.round(v * p);
    if (Math.abs(m) > LIMIT) return -1;
    if ((e === 0 ? m : m / p) === v) return e;
  }
  return -1;
}

/** Best (mode, width, escapes) for the x sequence in xs[1..n-1]; returns [bits, width, escapes]. */
const hist = new Int32Array(66);

function plan(xs: Float64Array, n: number): [number, number, boolean] {
  hist.fill(0);
  for (let i = 1; i < n; i++) hist[bitsOf(zigzag(xs[i]))]++;
  let bestBits = Number.POSITIVE_INFINITY;
  let bestW = 64;
  let bestEsc = false;
  let above = n - 1;
  for (let w = 0; w <= 64; w++) {
    above -= hist[w];
    const bits = above === 0 ? (n - 1) * w : (n - 1) * (w + 1) + above * 64;
    if (bits < bestBits) {
      bestBits = bits;
      bestW = w;
      bestEsc = above > 0;
    }
    if (above === 0) break;
  }
  return [bestBits, bestW, bestEsc];
}

/**
 * Encodes samples as a decimal chunk, or returns null when the values are not all exact
 * decimals. `vbits` holds each value as lo/hi uint32 halves. The result is a view of a shared
 * scratch buffer, valid until the next call: copy it to keep it.
 */
export function encodeDecimal(ts: Float64Array, vbits: Uint32Array, n: number): Uint8Array | null {
  if (n < 2 || n >= DECIMAL_FLAG) return null;
  if (mScratch.length < n) {
    mScratch = new Float64Array(n * 2);
    xScratch = new Float64Array(n * 2);
  }
  let e = 0;
  const ms = mScratch;
  for (let i = 0; i < n; i++) {
    u32[LO] = vbits[2 * i];
    u32[HI] = vbits[2 * i + 1];
    const v = f64[0];
    const ei = decimalExponent(v);
    if (ei < 0) return null;
    if (ei > e) e = ei;
    ms[i] = v;
  }
  const p = POW10[e];
  // With e = 0 every value is a safe integer already (ms holds them); else scale and verify.
  for (let i = 0; e > 0 && i < n; i++) {
    u32[LO] = vbits[2 * i];
    u32[HI] = vbits[2 * i + 1];
    const v = f64[0];
    const m = Math.round(v * p);
    if (Math.abs(m) > LIMIT || (e === 0 ? m : m / p) !== v) return null;
    ms[i] = m;
  }
  const xs = xScratch;
  for (let i = 1; i < n; i++) {
    xs[i] = ms[i] - ms[i - 1];
    if (Math.abs(xs[i]) > LIMIT) return null;
  }
  const [deltaBits, deltaW, deltaEsc] = plan(xs, n);
  for (let i = n - 1; i >= 2; i--) xs[i] = xs[i] - xs[i - 1];
  for (let i = 2; i < n; i++) if (Math.abs(xs[i]) > LIMIT) return null;
  const [dodBits, dodW, dodEsc] = plan(xs, n);
  const mode = dodBits < deltaBits ? 1 : 0;
  if (mode === 0) for (let i = 1; i < n; i++) xs[i] = ms[i] - ms[i - 1];
  const width = mode ? dodW : deltaW;
  const esc = mode ? dodEsc : deltaEsc;

  const w = scratchWriter;
  w.reset();
  writeSigned64(w, ts[0]);
  let prevDelta = 0;
  for (let i = 1; i < n; i++) {
    const delta = ts[i] - ts[i - 1];
    writeDod(w, delta - prevDelta);
    prevDelta = delta;
  }
  w.writeBits(e, 4);
  w.writeBit(mode);
  w.writeBits(width, 6);
  w.writeBit(esc ? 1 : 0);
  writeSigned64(w, ms[0]);
  for (let i = 1; i < n; i++) {
    const z = zigzag(xs[i]);
    if (esc) {
      if (bitsOf(z) > width) {
        w.writeBit(1);
        writeU64(w, z);
        continue;
      }
      w.writeBit(0);
    }
    writeZ(w, z, width);
  }
  const out = w.buf.subarray(0, w.byteLength);
  out[0] = (DECIMAL_FLAG | n) >>> 8;
  out[1] = n & 0xff;
  return out;
}

/** Decodes all samples of a decimal chunk into ts/vbits from index `at`. Returns the count. */
export function decodeDecimal(chunk: Uint8Array, ts: Float64Array, vbits: Uint32Array, at = 0): number {
  const n = ((chunk[0] << 8) | chunk[1]) & ~DECIMAL_FLAG;
  const r = new BitReader(chunk, 16);
  const t0hi = r.readBits(32) | 0;
  let t = t0hi * TWO_32 + r.readBits(32);
  ts[at] = t;
  let delta = 0;
  for (let i = 1; i < n; i++) {
    delta += readDod(r);
    t += delta;
    ts[at + i] = t;
  }
  const e = r.readBits(4);
  const mode = r.readBit();
  const width = r.readBits(6);
  const esc = r.readBit() === 1;
  const mhi = r.readBits(32) | 0;
  let m = mhi * TWO_32 + r.readBits(32);
  const p = POW10[e];
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      let z: number;
      if (esc && r.readBit() === 1) {
        const hi = r.readBits(32);
        z = hi * TWO_32 + r.readBits(32);
      } else z = readZ(r, width);
      const x = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      if (mode === 1) d += x;
      else d = x;
      m += d;
    }
    f64[0] = e === 0 ? m : m / p;
    vbits[2 * (at + i)] = u32[LO];
    vbits[2 * (at + i) + 1] = u32[HI];
  }
  if (r.exhausted(0)) throw new RangeError('decimal chunk data ends early');
  return n;
}
