import type { Labels } from '../../model/labels.js';
import { crc32 } from './crc32.js';

/**
 * WAL record framing: `type u8 | payload length u32 LE | crc32(type, payload) u32 LE | payload`.
 * Payloads (little-endian):
 *   series:  ref u32, labels as UTF-8 JSON;
 *   samples: base t f64, count u32, then per sample ref u32, t - base i32, value lo u32, hi u32;
 *   chunk:   ref u32, mint f64, maxt f64, count u32, last value lo u32, hi u32, chunk bytes.
 */
export const RecordType = { series: 1, samples: 2, chunk: 3 } as const;
export const HEADER_BYTES = 9;
export const SAMPLE_BYTES = 16;
export const CHUNK_HEADER_BYTES = 32;
/** Upper bound of one record's payload; anything larger in a file is damage. */
export const MAX_PAYLOAD = 256 * 1024 * 1024;

/** Growable little-endian byte buffer that records are encoded into. */
export class RecordBuffer {
  buf = new Uint8Array(1 << 16);
  view = new DataView(this.buf.buffer);
  len = 0;

  ensure(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Starts a record; returns the payload start offset. */
  begin(type: number): number {
    this.ensure(HEADER_BYTES);
    this.buf[this.len] = type;
    this.len += HEADER_BYTES;
    return this.len;
  }

  /** Fills in the length and checksum of the record whose payload started at `start`. */
  end(start: number): void {
    const payloadLen = this.len - start;
    this.view.setUint32(start - 8, payloadLen, true);
    this.view.setUint32(
      start - 4,
      recordCrc(this.buf[start - HEADER_BYTES], this.buf.subarray(start, this.len)),
      true,
    );
  }

  clear(): void {
    this.len = 0;
  }
}

const TYPE_CRC = [0, 1, 2, 3].map((t) => crc32(Uint8Array.of(t)));

/** Checksum of a record: covers its type byte and payload. */
export function recordCrc(type: number, payload: Uint8Array): number {
  return crc32(payload, TYPE_CRC[type] ?? crc32(Uint8Array.of(type)));
}

const encoder = new TextEncoder();

export function encodeSeries(out: RecordBuffer, ref: number, labels: Labels): void {
  const json = encoder.encode(JSON.stringify(labels));
  const start = out.begin(RecordType.series);
  out.ensure(4 + json.length);
  out.view.setUint32(out.len, ref, true);
  out.buf.set(json, out.len + 4);
  out.len += 4 + json.length;
  out.end(start);
}

/** Encodes samples, starting a new record whenever a time offset would not fit in 32 bits. */
export function encodeSamples(
  out: RecordBuffer,
  refs: Int32Array,
  ts: Float64Array,
  vbits: Uint32Array,
  n: number,
): void {
  let i = 0;
  while (i < n) {
    const base = ts[i];
    const start = out.begin(RecordType.samples);
    out.ensure(12 + (n - i) * SAMPLE_BYTES);
    const view = out.view;
    view.setFloat64(out.len, base, true);
    const countAt = out.len + 8;
    let p = out.len + 12;
    let count = 0;
    for (; i < n; i++) {
      const dt = ts[i] - base;
      if (dt > 2147483647 || dt < -2147483648) break;
      view.setUint32(p, refs[i], true);
      view.setInt32(p + 4, dt, true);
      view.setUint32(p + 8, vbits[2 * i], true);
      view.setUint32(p + 12, vbits[2 * i + 1], true);
      p += SAMPLE_BYTES;
      count++;
    }
    view.setUint32(countAt, count, true);
    out.len = p;
    out.end(start);
  }
}

export function encodeChunk(
  out: RecordBuffer,
  ref: number,
  mint: number,
  maxt: number,
  numSamples: number,
  lastLo: number,
  lastHi: number,
  data: Uint8Array,
): void {
  const start = out.begin(RecordType.chunk);
  out.ensure(CHUNK_HEADER_BYTES + data.length);
  const v = out.view;
  const p = out.len;
  v.setUint32(p, ref, true);
  v.setFloat64(p + 4, mint, true);
  v.setFloat64(p + 12, maxt, true);
  v.setUint32(p + 20, numSamples, true);
  v.setUint32(p + 24, lastLo, true);
  v.setUint32(p + 28, lastHi, true);
  out.buf.set(data, p + CHUNK_HEADER_BYTES);
  out.len = p + CHUNK_HEADER_BYTES + data.length;
  out.end(start);
}
