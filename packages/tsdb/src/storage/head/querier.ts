import { decodeChunkInto } from '../chunks/xor.js';
import { compileMatchers } from '../index/matchers.js';
import type { ChunkQuerier, ChunkSeries } from '../query/chunk-series.js';
import type { Matcher, SeriesData } from '../types.js';
import type { Head } from './head.js';
import type { ChunkMeta, MemSeries } from './mem-series.js';

/** Decodes the chunks' samples within [mint, maxt] into typed arrays (values bit-exact). */
export function decodeChunks(chunks: readonly ChunkMeta[], mint: number, maxt: number): SeriesSamples {
  let total = 0;
  for (const c of chunks) total += c.numSamples;
  const ts = new Float64Array(total);
  const values = new Float64Array(total);
  const vbits = new Uint32Array(values.buffer);
  let n = 0;
  for (const c of chunks) n = decodeChunkInto(c.data, mint, maxt, ts, vbits, n);
  return n === total
    ? { timestamps: ts, values }
    : { timestamps: ts.subarray(0, n), values: values.subarray(0, n) };
}

export interface SeriesSamples {
  timestamps: Float64Array;
  values: Float64Array;
}

/** Reads the head over [mint, maxt]; data is read when `select` is called. */
export class HeadQuerier implements ChunkQuerier {
  private readonly head: Head;
  private readonly mint: number;
  private readonly maxt: number;

  constructor(head: Head, mint: number, maxt: number) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  private matching(matchers: readonly Matcher[] | undefined): MemSeries[] {
    const head = this.head;
    const refs = matchers?.length
      ? head.postings.select(compileMatchers(matchers))
      : head.postings.allPostings();
    const out: MemSeries[] = [];
    for (const ref of refs) {
      const s = head.seriesByRef(ref);
      if (s) out.push(s);
    }
    return out;
  }

  *select(matchers: readonly Matcher[], mint = this.mint, maxt = this.maxt): Iterable<SeriesData> {
    const lo = Math.max(mint, this.mint);
    const hi = Math.min(maxt, this.maxt);
    const chunks: ChunkMeta[] = [];
    for (const s of this.matching(matchers)) {
      chunks.length = 0;
      s.chunksIn(lo, hi, chunks);
      if (chunks.length === 0) continue;
      const data = decodeChunks(chunks, lo, hi);
      if (data.timestamps.length === 0) continue;
      yield { labels: s.labels, timestamps: data.timestamps, values: data.values };
    }
  }

  *selectChunks(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<ChunkSeries> {
    const lo = Math.max(mint, this.mint);
    const hi = Math.min(maxt, this.maxt);
    for (const s of this.matching(matchers)) {
      const chunks: ChunkMeta[] = [];
      s.chunksIn(lo, hi, chunks);
      if (chunks.length) yield { labels: s.labels, key: s.key, chunks };
    }
  }

  labelNames(matchers?: readonly Matcher[]): string[] {
    if (!matchers || matchers.length === 0) return this.head.postings.labelNames();
    const names = new Set<string>();
    for (const s of this.matching(matchers)) for (const n in s.labels) names.add(n);
    return [...names].sort();
  }

  labelValues(name: string, matchers?: readonly Matcher[]): string[] {
    if (!matchers || matchers.length === 0) return this.head.postings.labelValues(name);
    const values = new Set<string>();
    for (const s of this.matching(matchers)) {
      const v = s.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }
}
