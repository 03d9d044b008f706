import type { Labels } from '../../model/labels.js';
import { chunkArena } from '../chunks/arena.js';
import { compactChunk } from '../chunks/compact.js';
import { f64, HI, LO, u32 } from '../chunks/float-bits.js';
import { SAMPLES_PER_CHUNK, XorEncoder } from '../chunks/xor.js';

/** An immutable encoded chunk with its time bounds. */
export interface ChunkMeta {
  data: Uint8Array;
  mint: number;
  maxt: number;
  numSamples: number;
}

/** One series in the head: closed chunks plus the open chunk being appended to. */
export class MemSeries {
  readonly ref: number;
  readonly labels: Labels;
  readonly key: string;
  readonly closed: ChunkMeta[] = [];
  open: XorEncoder | null = null;
  /** A closed encoder kept for reuse by the next chunk. */
  private spare: XorEncoder | null = null;
  /** First timestamp that must go to a new chunk (chunks never straddle a block boundary). */
  private chunkEnd = Number.NEGATIVE_INFINITY;
  /** Last committed timestamp and value bits. */
  maxt = Number.NEGATIVE_INFINITY;
  lastHi = 0;
  lastLo = 0;
  /** Latest timestamp pending in an uncommitted appender (owner id), for early order checks. */
  pendingT = Number.NEGATIVE_INFINITY;
  pendingHi = 0;
  pendingLo = 0;
  pendingOwner = 0;

  constructor(ref: number, labels: Labels, key: string) {
    this.ref = ref;
    this.labels = labels;
    this.key = key;
  }

  /**
   * Appends a committed sample. Returns 0 when appended, 1 when it is an exact duplicate
   * (same timestamp and value bits, ignored), -1 when out of order or a conflicting duplicate.
   */
  append(t: number, hi: number, lo: number, chunkRange: number): number {
    if (t <= this.maxt) {
      return t === this.maxt && hi === this.lastHi && lo === this.lastLo ? 1 : -1;
    }
    let enc = this.open;
    if (enc === null || enc.numSamples >= SAMPLES_PER_CHUNK || t >= this.chunkEnd) {
      if (enc !== null) this.closeOpen();
      enc = this.spare ?? new XorEncoder(32);
      this.spare = null;
      this.open = enc;
      this.chunkEnd = (Math.floor(t / chunkRange) + 1) * chunkRange;
    }
    enc.appendBits(t, hi, lo);
    this.maxt = t;
    this.lastHi = hi;
    this.lastLo = lo;
    return 0;
  }

  /** Moves the open chunk to the closed list. */
  closeOpen(): void {
    const enc = this.open;
    if (enc === null) return;
    u32[HI] = enc.prevHi;
    u32[LO] = enc.prevLo;
    const data = chunkArena.copy(compactChunk(enc.bytes(), f64[0]));
    this.closed.push({ data, mint: enc.mint, maxt: enc.maxt, numSamples: enc.numSamples });
    this.open = null;
    enc.reset();
    this.spare = enc;
    this.chunkEnd = Number.NEGATIVE_INFINITY;
  }

  /** Restores a chunk read back from a checkpoint (older than anything appended after). */
  restoreChunk(meta: ChunkMeta, lastHi: number, lastLo: number): void {
    this.closeOpen();
    this.closed.push(meta);
    if (meta.maxt > this.maxt) {
      this.maxt = meta.maxt;
      this.lastHi = lastHi;
      this.lastLo = lastLo;
    }
  }

  /** Chunks (closed, then the open one as a snapshot) overlapping [mint, maxt]. */
  chunksIn(mint: number, maxt: number, out: ChunkMeta[]): void {
    for (const c of this.closed) if (c.maxt >= mint && c.mint <= maxt) out.push(c);
    const enc = this.open;
    if (enc !== null && enc.maxt >= mint && enc.mint <= maxt) {
      // A copy: the open chunk keeps changing (and its encoder is reused) after this call.
      out.push({ data: enc.bytes().slice(), mint: enc.mint, maxt: enc.maxt, numSamples: enc.numSamples });
    }
  }

  /** The chunks entirely before `t` (closing the open one if it is), left in place. */
  chunksBefore(t: number): ChunkMeta[] {
    if (this.open !== null && this.open.maxt < t) this.closeOpen();
    let n = 0;
    while (n < this.closed.length && this.closed[n].maxt < t) n++;
    return this.closed.slice(0, n);
  }

  /** Removes and returns the closed chunks entirely before `t` (after closing the open one if it is). */
  takeChunksBefore(t: number): ChunkMeta[] {
    if (this.open !== null && this.open.maxt < t) this.closeOpen();
    let n = 0;
    while (n < this.closed.length && this.closed[n].maxt < t) n++;
    return n === 0 ? [] : this.closed.splice(0, n);
  }

  get minTime(): number {
    if (this.closed.length) return this.closed[0].mint;
    return this.open ? this.open.mint : Number.POSITIVE_INFINITY;
  }

  get empty(): boolean {
    return this.closed.length === 0 && this.open === null;
  }

  /** Bytes held by encoded chunks (open chunk at its allocated size). */
  chunkBytes(): number {
    let b = 0;
    for (const c of this.closed) b += c.data.byteLength;
    if (this.open) b += this.open.w.byteLength;
    return b;
  }
}
