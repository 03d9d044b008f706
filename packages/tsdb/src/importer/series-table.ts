/** One series the importer has seen: its labels and, once resolved, its ref in the appender. */
export interface KnownSeries {
  readonly labels: Record<string, string>;
  /** Series ref of a SeriesRefAppender, -1 until the first sample is appended. */
  ref: number;
  /** The series text's bytes, once filed in a SeriesTable. */
  key?: Buffer;
}

interface Slot {
  readonly key: Buffer;
  readonly series: KnownSeries;
  next: Slot | undefined;
}

/**
 * Known series by the raw bytes of their series text (`name{labels}` as written), so a repeated
 * series is found from the input Buffer without decoding, parsing labels or allocating.
 * The caller hashes the bytes while scanning them (ByteLine.seriesEnd).
 */
export class SeriesTable {
  private readonly slots = new Map<number, Slot>();

  get(buf: Uint8Array, start: number, end: number, hash: number): KnownSeries | undefined {
    const len = end - start;
    for (let s = this.slots.get(hash); s !== undefined; s = s.next) {
      const key = s.key;
      if (key.length !== len) continue;
      if (bytesAt(buf, start, key)) return s.series;
    }
    return undefined;
  }

  /** Adds a series under a copy of `buf[start..end)` (the caller checked it is not there). */
  add(buf: Uint8Array, start: number, end: number, hash: number, series: KnownSeries): void {
    const key = Buffer.from(buf.subarray(start, end));
    series.key = key;
    this.slots.set(hash, { key, series, next: this.slots.get(hash) });
  }
}

/** Whether `buf` holds `key` at `start` (the caller checked that it fits). */
export function bytesAt(buf: Uint8Array, start: number, key: Uint8Array): boolean {
  const len = key.length;
  for (let i = 0; i < len; i++) if (key[i] !== buf[start + i]) return false;
  return true;
}
