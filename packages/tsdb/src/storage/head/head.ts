import { type Labels, labelsKey } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import { PostingsIndex } from '../index/postings.js';
import type { Appendable, Queryable } from '../types.js';
import { HeadAppender } from './appender.js';
import { type ChunkMeta, MemSeries } from './mem-series.js';
import { HeadQuerier } from './querier.js';
import type { WalSink } from './wal-sink.js';

export const DEFAULT_CHUNK_RANGE_MS = 2 * 60 * 60 * 1000;

export interface HeadOptions {
  /** Block range in ms; chunks never straddle a multiple of it (default 2h). */
  chunkRange?: number;
  /** Receives series and samples before they become visible (the WAL). */
  wal?: WalSink;
}

export interface HeadStats {
  numSeries: number;
  numSamples: number;
  numChunks: number;
  /** Bytes of encoded chunk data held in memory. */
  chunkBytes: number;
  mint: number;
  maxt: number;
  /** Samples dropped at commit because another appender committed newer data first. */
  outOfOrderAtCommit: number;
}

/** The in-memory part of the store: series, label index and compressed chunks. */
export class Head implements Appendable, Queryable {
  readonly chunkRange: number;
  readonly postings = new PostingsIndex();
  /** Samples older than this are rejected (data before it lives in blocks). */
  minValidTime = Number.NEGATIVE_INFINITY;
  /** Time bounds of the samples in the head. */
  mint = Number.POSITIVE_INFINITY;
  maxt = Number.NEGATIVE_INFINITY;
  numSamples = 0;
  outOfOrderAtCommit = 0;
  wal: WalSink | undefined;
  /** Called after each appender commit (the DB uses it to persist blocks when due). */
  onCommit: (() => void) | null = null;
  private readonly byKey = new Map<string, MemSeries>();
  private readonly byRef: (MemSeries | undefined)[] = [];
  private nextRef = 1;

  constructor(options: HeadOptions = {}) {
    this.chunkRange = options.chunkRange ?? DEFAULT_CHUNK_RANGE_MS;
    this.wal = options.wal;
  }

  appender(): HeadAppender {
    return new HeadAppender(this);
  }

  querier(mint: number, maxt: number): HeadQuerier {
    return new HeadQuerier(this, mint, maxt);
  }

  seriesByRef(ref: number): MemSeries | undefined {
    return this.byRef[ref];
  }

  get numSeries(): number {
    return this.byKey.size;
  }

  /** Reference of the series with these labels, creating it (and logging it to the WAL) if new. */
  getOrCreateRef(labels: Labels): number {
    const key = labelsKey(labels);
    const s = this.byKey.get(key);
    if (s !== undefined) return s.ref;
    return this.createSeries(labels, key, this.nextRef).ref;
  }

  /** Creates a series with a given ref (WAL replay) or returns the existing one. */
  createSeries(labels: Labels, key: string, ref: number): MemSeries {
    const existing = this.byKey.get(key);
    if (existing) return existing;
    const clean = validLabels(labels);
    if (clean !== labels) {
      key = labelsKey(clean);
      const same = this.byKey.get(key);
      if (same) return same;
    }
    const s = new MemSeries(ref, clean, key);
    if (ref >= this.nextRef) this.nextRef = ref + 1;
    this.byKey.set(key, s);
    this.byRef[ref] = s;
    this.postings.add(ref, clean);
    this.wal?.logSeries(ref, clean);
    return s;
  }

  /** Applies committed samples (from an appender or WAL replay). */
  commitSamples(refs: Int32Array, ts: Float64Array, vbits: Uint32Array, n: number, owner = 0): void {
    this.wal?.logSamples(refs, ts, vbits, n);
    const range = this.chunkRange;
    let mint = this.mint;
    let maxt = this.maxt;
    let added = 0;
    let rejected = 0;
    for (let i = 0; i < n; i++) {
      const s = this.byRef[refs[i]];
      if (s === undefined) {
        rejected++;
        continue;
      }
      const t = ts[i];
      if (t < this.minValidTime) {
        rejected++;
        continue;
      }
      const r = s.append(t, vbits[2 * i + 1], vbits[2 * i], range);
      if (r === 0) {
        added++;
        if (t < mint) mint = t;
        if (t > maxt) maxt = t;
      } else if (r < 0) rejected++;
      if (owner !== 0 && s.pendingOwner === owner) s.pendingOwner = 0;
    }
    this.mint = mint;
    this.maxt = maxt;
    this.numSamples += added;
    this.outOfOrderAtCommit += rejected;
    if (owner !== 0) this.onCommit?.();
  }

  /** Restores a chunk from a WAL checkpoint into series `ref` (which must exist). */
  restoreChunk(ref: number, meta: ChunkMeta, lastHi: number, lastLo: number): boolean {
    const s = this.byRef[ref];
    if (s === undefined || meta.maxt < this.minValidTime) return false;
    s.restoreChunk(meta, lastHi, lastLo);
    this.numSamples += meta.numSamples;
    if (meta.mint < this.mint) this.mint = meta.mint;
    if (meta.maxt > this.maxt) this.maxt = meta.maxt;
    return true;
  }

  orderError(labels: Labels, t: number, lastT: number): TsdbError {
    if (t === lastT) {
      return new TsdbError(
        'duplicate_sample',
        `duplicate sample for timestamp ${t} with a different value in series ${show(labels)}; a timestamp can hold one value`,
      );
    }
    return new TsdbError(
      'out_of_order',
      `out of order sample: timestamp ${t} is older than the latest ${lastT} of series ${show(labels)}; append samples in increasing time order`,
    );
  }

  boundsError(labels: Labels, t: number): TsdbError {
    return new TsdbError(
      'out_of_bounds',
      `out of bounds: timestamp ${t} of series ${show(labels)} is older than the head's minimum valid time ${this.minValidTime} (that range is already persisted); import old data as a block instead`,
    );
  }

  /** Every series in the head. */
  allSeries(): IterableIterator<MemSeries> {
    return this.byKey.values();
  }

  /** The chunks entirely before `t` (a multiple of the chunk range) per series, left in place. */
  chunksBefore(t: number): Map<MemSeries, ChunkMeta[]> {
    const out = new Map<MemSeries, ChunkMeta[]>();
    for (const s of this.byKey.values()) {
      const chunks = s.chunksBefore(t);
      if (chunks.length) out.set(s, chunks);
    }
    return out;
  }

  /**
   * Removes all chunks before `t` (a multiple of the chunk range) and returns them per series,
   * then forbids appends before `t` and drops series left without data.
   */
  truncateBefore(t: number): Map<MemSeries, ChunkMeta[]> {
    const taken = new Map<MemSeries, ChunkMeta[]>();
    let removedSamples = 0;
    for (const s of this.byKey.values()) {
      const chunks = s.takeChunksBefore(t);
      if (chunks.length) {
        taken.set(s, chunks);
        for (const c of chunks) removedSamples += c.numSamples;
      }
    }
    this.minValidTime = Math.max(this.minValidTime, t);
    this.numSamples -= removedSamples;
    this.gc();
    return taken;
  }

  /** Drops series without samples that no appender is holding. */
  gc(): void {
    const dead: number[] = [];
    let mint = Number.POSITIVE_INFINITY;
    for (const s of this.byKey.values()) {
      if (s.empty && s.pendingOwner === 0) dead.push(s.ref);
      else if (!s.empty) mint = Math.min(mint, s.minTime);
    }
    this.mint = mint;
    if (this.numSamples === 0) this.maxt = Number.NEGATIVE_INFINITY;
    if (dead.length === 0) return;
    dead.sort((a, b) => a - b);
    this.postings.remove(dead, (ref) => this.byRef[ref]?.labels);
    for (const ref of dead) {
      const s = this.byRef[ref];
      if (s) this.byKey.delete(s.key);
      this.byRef[ref] = undefined;
    }
  }

  stats(): HeadStats {
    let numChunks = 0;
    let chunkBytes = 0;
    for (const s of this.byKey.values()) {
      numChunks += s.closed.length + (s.open ? 1 : 0);
      chunkBytes += s.chunkBytes();
    }
    return {
      numSeries: this.byKey.size,
      numSamples: this.numSamples,
      numChunks,
      chunkBytes,
      mint: this.mint,
      maxt: this.maxt,
      outOfOrderAtCommit: this.outOfOrderAtCommit,
    };
  }
}

function show(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((n) => `${n}=${JSON.stringify(labels[n])}`);
  return `{${parts.join(', ')}}`;
}

/** Drops empty-valued labels (Prometheus treats them as absent) and checks names and values. */
function validLabels(labels: Labels): Labels {
  let hasEmpty = false;
  let count = 0;
  for (const name in labels) {
    const v = labels[name];
    if (typeof v !== 'string') {
      throw new TsdbError(
        'invalid_labels',
        `label "${name}" has a non-string value (${typeof v}); label values must be strings`,
      );
    }
    // Prometheus 3 accepts any UTF-8 label name; only the empty name is invalid.
    if (name === '') {
      throw new TsdbError('invalid_labels', 'empty label name; every label needs a name');
    }
    if (v === '') hasEmpty = true;
    else count++;
  }
  if (count === 0) {
    throw new TsdbError('invalid_labels', 'a series needs at least one non-empty label (usually __name__)');
  }
  if (!hasEmpty && Object.isFrozen(labels)) return labels;
  const out: Record<string, string> = {};
  for (const name in labels) if (labels[name] !== '') out[name] = labels[name];
  return Object.freeze(out);
}
