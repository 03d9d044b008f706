import { TsdbError } from '../errors.js';
import { BitReader, BitWriter } from './bitstream.js';
import { DECIMAL_FLAG, decodeDecimal } from './decimal.js';
import { ctz32, f64, HI, LO, u32 } from './float-bits.js';

/**
 * Gorilla-style chunk: timestamps as delta-of-delta, values XOR'd with the previous value.
 *
 * Layout: 2 bytes big-endian sample count, then a bit stream:
 *   sample 0: t as 64-bit two's complement, v as 64 raw bits;
 *   sample i: delta-of-delta of t in buckets
 *     `0` (dod = 0) | `10`+14 bits | `110`+17 bits | `1110`+20 bits | `1111`+64 bits
 *   (the delta before sample 1 is taken as 0), then v XOR previous v:
 *     `0` (equal bits) | `10` + meaningful bits in the previous window
 *     | `11` + 5 bits leading zeros + 6 bits length (0 means 64) + meaningful bits.
 */
export const SAMPLES_PER_CHUNK = 120;
const HEADER_BITS = 16;
const TWO_32 = 4294967296;

export class XorEncoder {
  readonly w: BitWriter;
  numSamples = 0;
  mint = 0;
  maxt = 0;
  private tDelta = 0;
  prevHi = 0;
  prevLo = 0;
  private leading = 0xff;
  private trailing = 0;

  constructor(initialBytes = 32) {
    this.w = new BitWriter(initialBytes, HEADER_BITS);
  }

  /** Starts a new, empty chunk reusing this encoder's buffer. */
  reset(): void {
    this.w.reset();
    this.numSamples = 0;
    this.mint = 0;
    this.maxt = 0;
    this.tDelta = 0;
    this.prevHi = 0;
    this.prevLo = 0;
    this.leading = 0xff;
    this.trailing = 0;
  }

  /** Appends a sample; `t` must be an integer greater than the previous one (checked by the caller). */
  append(t: number, v: number): void {
    f64[0] = v;
    this.appendBits(t, u32[HI], u32[LO]);
  }

  /** Appends a sample whose value is given as its two 32-bit halves. */
  appendBits(t: number, hi: number, lo: number): void {
    const w = this.w;
    const n = this.numSamples;
    if (n === 0) {
      const thi = Math.floor(t / TWO_32);
      w.writeBits(thi, 32);
      w.writeBits(t - thi * TWO_32, 32);
      w.writeBits(hi, 32);
      w.writeBits(lo, 32);
      this.mint = t;
    } else {
      const delta = t - this.maxt;
      const dod = delta - this.tDelta;
      this.tDelta = delta;
      if (dod === 0) {
        w.writeBit(0);
      } else if (dod >= -8191 && dod <= 8192) {
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
        const dhi = Math.floor(dod / TWO_32);
        w.writeBits(dhi, 32);
        w.writeBits(dod - dhi * TWO_32, 32);
      }
      this.writeValue(hi, lo);
    }
    this.maxt = t;
    this.prevHi = hi;
    this.prevLo = lo;
    this.numSamples = n + 1;
  }

  private writeValue(hi: number, lo: number): void {
    const w = this.w;
    const xhi = (hi ^ this.prevHi) >>> 0;
    const xlo = (lo ^ this.prevLo) >>> 0;
    if (xhi === 0 && xlo === 0) {
      w.writeBit(0);
      return;
    }
    let leading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
    const trailing = xlo !== 0 ? ctz32(xlo) : 32 + ctz32(xhi);
    if (leading >= 32) leading = 31;
    if (this.leading !== 0xff && leading >= this.leading && trailing >= this.trailing) {
      w.writeBits(0b10, 2);
      writeShifted(w, xhi, xlo, this.trailing, 64 - this.leading - this.trailing);
      return;
    }
    this.leading = leading;
    this.trailing = trailing;
    const sig = 64 - leading - trailing;
    w.writeBits(0b11, 2);
    w.writeBits(leading, 5);
    w.writeBits(sig & 63, 6);
    writeShifted(w, xhi, xlo, trailing, sig);
  }

  /** The chunk's bytes so far (a view while open; call `finish` for an exact copy). */
  bytes(): Uint8Array {
    const b = this.w.buf;
    b[0] = this.numSamples >>> 8;
    b[1] = this.numSamples & 0xff;
    return b.subarray(0, this.w.byteLength);
  }

  /** An exact-size copy of the encoded chunk. */
  finish(): Uint8Array {
    return this.bytes().slice();
  }
}

/** Writes `n` bits of (hi:lo) >> shift. */
function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, n: number): void {
  let sh: number;
  let sl: number;
  if (shift === 0) {
    sh = hi;
    sl = lo;
  } else if (shift < 32) {
    sl = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    sh = hi >>> shift;
  } else {
    sl = hi >>> (shift - 32);
    sh = 0;
  }
  w.writeBits64(sh, sl, n);
}

/** Number of samples stored in an encoded chunk. */
export function chunkNumSamples(chunk: Uint8Array): number {
  if (chunk.length < 2) throw new TsdbError('corrupt_chunk', 'chunk shorter than its 2-byte header');
  return ((chunk[0] << 8) | chunk[1]) & ~DECIMAL_FLAG;
}

/** Whether an encoded chunk uses the decimal encoding (see decimal.ts) rather than XOR. */
export function isDecimalChunk(chunk: Uint8Array): boolean {
  return chunk.length >= 2 && (chunk[0] & 0x80) !== 0;
}

/**
 * Streaming decoder over an encoded chunk. Call `next()` until it returns false; the current
 * sample is in `t` and (bit-exact) `hi`/`lo`, or `v`.
 */
export class XorIterator {
  private readonly r: BitReader;
  private readonly total: number;
  private read = 0;
  t = 0;
  hi = 0;
  lo = 0;
  private tDelta = 0;
  private leading = 0;
  private trailing = 0;

  constructor(chunk: Uint8Array) {
    if (isDecimalChunk(chunk))
      throw new TsdbError('corrupt_chunk', 'XorIterator given a decimal chunk; use decodeChunkInto');
    this.total = chunkNumSamples(chunk);
    this.r = new BitReader(chunk, HEADER_BITS);
  }

  get v(): number {
    u32[HI] = this.hi;
    u32[LO] = this.lo;
    return f64[0];
  }

  next(): boolean {
    if (this.read >= this.total) return false;
    const r = this.r;
    if (this.read === 0) {
      if (r.exhausted(128)) throw corrupt();
      const thi = r.readBits(32) | 0;
      this.t = thi * TWO_32 + r.readBits(32);
      this.hi = r.readBits(32);
      this.lo = r.readBits(32);
      this.read = 1;
      return true;
    }
    if (r.exhausted(1)) throw corrupt();
    let dod = 0;
    if (r.readBit() === 1) {
      let bucket = 1;
      while (bucket < 4 && r.readBit() === 1) bucket++;
      if (bucket === 4) {
        const dhi = r.readBits(32) | 0;
        dod = dhi * TWO_32 + r.readBits(32);
      } else {
        const n = bucket === 1 ? 14 : bucket === 2 ? 17 : 20;
        dod = r.readBits(n);
        if (dod > 1 << (n - 1)) dod -= 1 << n;
      }
    }
    this.tDelta += dod;
    this.t += this.tDelta;
    this.readValue();
    if (r.exhausted(0)) throw corrupt();
    this.read++;
    return true;
  }

  private readValue(): void {
    const r = this.r;
    if (r.readBit() === 0) return;
    let n: number;
    if (r.readBit() === 0) {
      n = 64 - this.leading - this.trailing;
    } else {
      this.leading = r.readBits(5);
      n = r.readBits(6);
      if (n === 0) n = 64;
      this.trailing = 64 - this.leading - n;
      if (this.trailing < 0) throw corrupt();
    }
    let xhi: number;
    let xlo: number;
    if (n > 32) {
      xhi = r.readBits(n - 32);
      xlo = r.readBits(32);
    } else {
      xhi = 0;
      xlo = r.readBits(n);
    }
    const s = this.trailing;
    if (s >= 32) {
      xhi = xlo << (s - 32);
      xlo = 0;
    } else if (s > 0) {
      xhi = (xhi << s) | (xlo >>> (32 - s));
      xlo = xlo << s;
    }
    this.hi = (this.hi ^ xhi) >>> 0;
    this.lo = (this.lo ^ xlo) >>> 0;
  }
}

function corrupt(): TsdbError {
  return new TsdbError('corrupt_chunk', 'chunk data ends before its declared sample count');
}

/**
 * Decodes the samples of `chunk` with mint <= t <= maxt, appending them to the output arrays
 * from index `at`. Values are written through a Uint32Array alias so NaN payloads stay exact.
 * Returns the new length.
 */
export function decodeChunkInto(
  chunk: Uint8Array,
  mint: number,
  maxt: number,
  ts: Float64Array,
  vbits: Uint32Array,
  at: number,
): number {
  if (isDecimalChunk(chunk)) return decodeDecimalInto(chunk, mint, maxt, ts, vbits, at);
  return decodeXorInto(chunk, mint, maxt, ts, vbits, at);
}

/** Reads `n` (0..32) bits at bit `pos` of `buf` (big-endian), reading zeros past the end. */
function rd(buf: Uint8Array, pos: number, n: number): number {
  if (n === 0) return 0;
  const b = pos >>> 3;
  if (n <= 24 && b + 3 < buf.length) {
    const word = (buf[b] << 24) | (buf[b + 1] << 16) | (buf[b + 2] << 8) | buf[b + 3];
    return (word << (pos & 7)) >>> (32 - n);
  }
  if (n > 16) return rd(buf, pos, n - 16) * 65536 + rd(buf, pos + n - 16, 16);
  let v = 0;
  for (let i = 0; i < n; i++) {
    const k = pos + i;
    const byte = k >>> 3 < buf.length ? buf[k >>> 3] : 0;
    v = (v << 1) | ((byte >>> (7 - (k & 7))) & 1);
  }
  return v >>> 0;
}

/** Tight XOR-chunk decoder (same format as XorIterator, without per-call objects). */
function decodeXorInto(
  chunk: Uint8Array,
  mint: number,
  maxt: number,
  ts: Float64Array,
  vbits: Uint32Array,
  at: number,
): number {
  const total = chunkNumSamples(chunk);
  if (total === 0) return at;
  const endBit = chunk.length * 8;
  let pos = HEADER_BITS;
  if (pos + 128 > endBit) throw corrupt();
  let t = (rd(chunk, pos, 32) | 0) * TWO_32 + rd(chunk, pos + 32, 32);
  let hi = rd(chunk, pos + 64, 32);
  let lo = rd(chunk, pos + 96, 32);
  pos += 128;
  let tDelta = 0;
  let leading = 0;
  let trailing = 0;
  for (let i = 0; ; ) {
    if (t >= mint) {
      if (t > maxt) break;
      ts[at] = t;
      vbits[2 * at + LO] = lo;
      vbits[2 * at + HI] = hi;
      at++;
    }
    if (++i >= total) break;
    // Timestamp delta-of-delta.
    let dod = 0;
    if ((chunk[pos >>> 3] >>> (7 - (pos & 7))) & 1) {
      const head = rd(chunk, pos, 4);
      if (head < 0b1100) {
        dod = rd(chunk, pos + 2, 14);
        if (dod > 8192) dod -= 16384;
        pos += 16;
      } else if (head < 0b1110) {
        dod = rd(chunk, pos + 3, 17);
        if (dod > 65536) dod -= 131072;
        pos += 20;
      } else if (head === 0b1110) {
        dod = rd(chunk, pos + 4, 20);
        if (dod > 524288) dod -= 1048576;
        pos += 24;
      } else {
        dod = (rd(chunk, pos + 4, 32) | 0) * TWO_32 + rd(chunk, pos + 36, 32);
        pos += 68;
      }
    } else pos++;
    tDelta += dod;
    t += tDelta;
    // Value XOR.
    if ((chunk[pos >>> 3] >>> (7 - (pos & 7))) & 1) {
      let n: number;
      if (rd(chunk, pos + 1, 1) === 0) {
        pos += 2;
        n = 64 - leading - trailing;
      } else {
        leading = rd(chunk, pos + 2, 5);
        n = rd(chunk, pos + 7, 6);
        if (n === 0) n = 64;
        trailing = 64 - leading - n;
        if (trailing < 0) throw corrupt();
        pos += 13;
      }
      let xhi: number;
      let xlo: number;
      if (n > 32) {
        xhi = rd(chunk, pos, n - 32);
        xlo = rd(chunk, pos + n - 32, 32);
      } else {
        xhi = 0;
        xlo = rd(chunk, pos, n);
      }
      pos += n;
      const sh = trailing;
      if (sh >= 32) {
        xhi = xlo << (sh - 32);
        xlo = 0;
      } else if (sh > 0) {
        xhi = (xhi << sh) | (xlo >>> (32 - sh));
        xlo = xlo << sh;
      }
      hi = (hi ^ xhi) >>> 0;
      lo = (lo ^ xlo) >>> 0;
    } else pos++;
    if (pos > endBit) throw corrupt();
  }
  return at;
}

let dTs = new Float64Array(128);
let dBits = new Uint32Array(256);

function decodeDecimalInto(
  chunk: Uint8Array,
  mint: number,
  maxt: number,
  ts: Float64Array,
  vbits: Uint32Array,
  at: number,
): number {
  const total = chunkNumSamples(chunk);
  const direct = ts.length >= at + total && vbits.length >= 2 * (at + total);
  if (!direct && dTs.length < total) {
    dTs = new Float64Array(total);
    dBits = new Uint32Array(2 * total);
  }
  const outT = direct ? ts : dTs;
  const outB = direct ? vbits : dBits;
  const base = direct ? at : 0;
  let n: number;
  try {
    n = decodeDecimal(chunk, outT, outB, base);
  } catch (err) {
    throw new TsdbError('corrupt_chunk', `decimal chunk is damaged: ${(err as Error).message}`);
  }
  if (direct && outT[base] >= mint && outT[base + n - 1] <= maxt) return at + n;
  // Keep only [mint, maxt] (moving left within the output when decoded in place).
  for (let i = 0; i < n; i++) {
    const t = outT[base + i];
    if (t < mint) continue;
    if (t > maxt) break;
    ts[at] = t;
    vbits[2 * at] = outB[2 * (base + i)];
    vbits[2 * at + 1] = outB[2 * (base + i) + 1];
    at++;
  }
  return at;
}
