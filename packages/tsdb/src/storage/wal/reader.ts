import type { Labels } from '../../model/labels.js';
import { chunkArena } from '../chunks/arena.js';
import {
  CHUNK_HEADER_BYTES,
  HEADER_BYTES,
  MAX_PAYLOAD,
  RecordType,
  recordCrc,
  SAMPLE_BYTES,
} from './records.js';

/** Receives decoded records during replay. Typed arrays passed in are reused: copy what you keep. */
export interface RecordHandler {
  series(ref: number, labels: Labels): void;
  samples(refs: Int32Array, ts: Float64Array, vbits: Uint32Array, n: number): void;
  chunk(
    ref: number,
    mint: number,
    maxt: number,
    numSamples: number,
    lastLo: number,
    lastHi: number,
    data: Uint8Array,
  ): void;
}

export interface ReadResult {
  /** Offset just past the last intact record. */
  validBytes: number;
  records: number;
  samples: number;
  /** Why reading stopped before the end, if it did. */
  damage?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
let refs = new Int32Array(1024);
let ts = new Float64Array(1024);
let vbits = new Uint32Array(2048);

/** Reads records from one file's bytes until the end or the first damaged record. */
export function readRecords(buf: Uint8Array, handler: RecordHandler): ReadResult {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let off = 0;
  let records = 0;
  let samples = 0;
  const stop = (damage: string): ReadResult => ({ validBytes: off, records, samples, damage });
  while (off < buf.length) {
    if (buf.length - off < HEADER_BYTES) return stop(`truncated record header at offset ${off}`);
    const type = buf[off];
    const len = view.getUint32(off + 1, true);
    const sum = view.getUint32(off + 5, true);
    if (type !== RecordType.series && type !== RecordType.samples && type !== RecordType.chunk) {
      return stop(`unknown record type ${type} at offset ${off}`);
    }
    if (len > MAX_PAYLOAD || off + HEADER_BYTES + len > buf.length) {
      return stop(`truncated record at offset ${off} (needs ${len} payload bytes)`);
    }
    const start = off + HEADER_BYTES;
    const payload = buf.subarray(start, start + len);
    if (recordCrc(type, payload) !== sum) return stop(`checksum mismatch in record at offset ${off}`);
    try {
      if (type === RecordType.series) {
        if (len < 4) throw new Error('short series record');
        const ref = view.getUint32(start, true);
        const labels = JSON.parse(decoder.decode(buf.subarray(start + 4, start + len))) as Labels;
        if (typeof labels !== 'object' || labels === null) throw new Error('labels are not an object');
        handler.series(ref, labels);
      } else if (type === RecordType.samples) {
        if (len < 12) throw new Error('short samples record');
        const base = view.getFloat64(start, true);
        const n = view.getUint32(start + 8, true);
        if (12 + n * SAMPLE_BYTES !== len) throw new Error('sample count does not match record length');
        if (n > refs.length) {
          refs = new Int32Array(n);
          ts = new Float64Array(n);
          vbits = new Uint32Array(2 * n);
        }
        let p = start + 12;
        for (let i = 0; i < n; i++, p += SAMPLE_BYTES) {
          refs[i] = view.getUint32(p, true);
          ts[i] = base + view.getInt32(p + 4, true);
          vbits[2 * i] = view.getUint32(p + 8, true);
          vbits[2 * i + 1] = view.getUint32(p + 12, true);
        }
        handler.samples(refs, ts, vbits, n);
        samples += n;
      } else {
        if (len < CHUNK_HEADER_BYTES + 2) throw new Error('short chunk record');
        const count = view.getUint32(start + 20, true);
        handler.chunk(
          view.getUint32(start, true),
          view.getFloat64(start + 4, true),
          view.getFloat64(start + 12, true),
          count,
          view.getUint32(start + 24, true),
          view.getUint32(start + 28, true),
          chunkArena.copy(buf.subarray(start + CHUNK_HEADER_BYTES, start + len)),
        );
        samples += count;
      }
    } catch (err) {
      return stop(`undecodable record at offset ${off}: ${(err as Error).message}`);
    }
    records++;
    off = start + len;
  }
  return { validBytes: off, records, samples };
}
