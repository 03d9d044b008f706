/** Append-only big-endian bit writer over a growable byte buffer. */
export class BitWriter {
  buf: Uint8Array;
  /** Number of bits written. */
  pos: number;

  private readonly startBit: number;

  constructor(initialBytes = 64, startBit = 0) {
    this.buf = new Uint8Array(initialBytes);
    this.pos = startBit;
    this.startBit = startBit;
  }

  /** Empties the writer, keeping its buffer (zeroing the used part). */
  reset(): void {
    this.buf.fill(0, 0, this.byteLength);
    this.pos = this.startBit;
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }

  writeBit(bit: number): void {
    const byte = this.pos >>> 3;
    if (byte >= this.buf.length) this.grow();
    if (bit) this.buf[byte] |= 0x80 >>> (this.pos & 7);
    this.pos++;
  }

  /** Writes the low `n` bits (0..32) of `v`, most significant first. */
  writeBits(v: number, n: number): void {
    if (n < 32) v &= (1 << n) - 1;
    while (n > 0) {
      const byte = this.pos >>> 3;
      if (byte >= this.buf.length) this.grow();
      const free = 8 - (this.pos & 7);
      if (n <= free) {
        this.buf[byte] |= v << (free - n);
        this.pos += n;
        return;
      }
      this.buf[byte] |= (v >>> (n - free)) & ((1 << free) - 1);
      this.pos += free;
      n -= free;
    }
  }

  /** Writes the low `n` bits (0..64) of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }

  /** Bytes used so far. */
  get byteLength(): number {
    return (this.pos + 7) >>> 3;
  }

  /** An exact-size copy of the written bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.byteLength);
  }
}

/** Big-endian bit reader, the inverse of BitWriter. */
export class BitReader {
  private readonly buf: Uint8Array;
  pos: number;
  private readonly endBit: number;

  constructor(buf: Uint8Array, startBit = 0) {
    this.buf = buf;
    this.pos = startBit;
    this.endBit = buf.length * 8;
  }

  /** True when reading `n` more bits would run past the end. */
  exhausted(n: number): boolean {
    return this.pos + n > this.endBit;
  }

  readBit(): number {
    const bit = (this.buf[this.pos >>> 3] >>> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return bit;
  }

  /** Reads `n` (0..32) bits as an unsigned integer. */
  readBits(n: number): number {
    const p = this.pos;
    const b = p >>> 3;
    const buf = this.buf;
    if (n <= 24 && b + 3 < buf.length) {
      // Fast path: one 32-bit big-endian window holds the n bits (n + 7 <= 32).
      if (n === 0) return 0;
      const word = (buf[b] << 24) | (buf[b + 1] << 16) | (buf[b + 2] << 8) | buf[b + 3];
      this.pos = p + n;
      return (word << (p & 7)) >>> (32 - n);
    }
    let v = 0;
    while (n > 0) {
      const used = this.pos & 7;
      const avail = 8 - used;
      const byte = this.buf[this.pos >>> 3] & (0xff >>> used);
      if (n <= avail) {
        v = v * (1 << n) + (byte >>> (avail - n));
        this.pos += n;
        return v >>> 0;
      }
      v = v * (1 << avail) + byte;
      this.pos += avail;
      n -= avail;
    }
    return v >>> 0;
  }
}
