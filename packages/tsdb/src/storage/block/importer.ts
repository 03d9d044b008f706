import { type Labels, labelsKey } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import type { HeadAppender } from '../head/appender.js';
import { Head } from '../head/head.js';
import type { Appendable, SeriesRefAppender } from '../types.js';
import type { BlockMeta } from './format.js';
import { type BlockSeries, writeBlock } from './writer.js';

export interface BlockImporterOptions {
  /** Block range in ms (aligned like the DB's blocks). */
  blockRangeMs: number;
  /** Samples buffered in memory before they are written out as blocks (default 5,000,000). */
  maxBufferedSamples?: number;
}

/**
 * Backfill: buffers samples in a private head (no WAL, no lower time bound, so data may come
 * grouped by series as in an OpenMetrics backfill file) and writes them out as blocks whenever
 * the buffer is full and on finish(). Blocks may overlap; queries merge them.
 */
export class BlockImporter implements Appendable {
  private readonly blocksDir: string;
  private readonly onBlock: (meta: BlockMeta) => void;
  private readonly range: number;
  private readonly maxBuffered: number;
  private head: Head;
  private generation = 0;
  readonly written: BlockMeta[] = [];
  private finished = false;

  constructor(blocksDir: string, options: BlockImporterOptions, onBlock: (meta: BlockMeta) => void) {
    this.blocksDir = blocksDir;
    this.onBlock = onBlock;
    this.range = options.blockRangeMs;
    this.maxBuffered = options.maxBufferedSamples ?? 5_000_000;
    this.head = new Head({ chunkRange: this.range });
  }

  // Series refs handed out by appenders: stable across flushes (each flush starts a new head,
  // with its own refs, resolved again on first use).
  private readonly refsByKey = new Map<string, number>();
  private readonly refLabels: Labels[] = [];
  private headRefs = new Int32Array(64);

  appender(): SeriesRefAppender {
    return new ImportAppender(this);
  }

  /** @internal A ref for a label set, valid for this importer's whole life. */
  ref(labels: Labels): number {
    const key = labelsKey(labels);
    let ref = this.refsByKey.get(key);
    if (ref === undefined) {
      ref = this.refLabels.length;
      this.refLabels.push(labels);
      this.refsByKey.set(key, ref);
    }
    return ref;
  }

  /** @internal The current head's ref of an importer ref. */
  headRef(ref: number): number {
    const labels = this.refLabels[ref];
    if (labels === undefined) {
      throw new TsdbError('unknown_series_ref', `series ref ${ref} is unknown; get one with ref(labels)`);
    }
    if (ref >= this.headRefs.length) {
      const grown = new Int32Array(Math.max(ref + 1, this.headRefs.length * 2));
      grown.set(this.headRefs);
      this.headRefs = grown;
    }
    let h = this.headRefs[ref];
    if (h === 0) {
      h = this.head.getOrCreateRef(labels);
      this.headRefs[ref] = h;
    }
    return h;
  }

  /** @internal */
  current(): { head: Head; generation: number } {
    return { head: this.head, generation: this.generation };
  }

  /** @internal The generation (bumped by every flush), read per sample without allocating. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** @internal Called after each commit. */
  afterCommit(): void {
    if (this.head.numSamples >= this.maxBuffered) this.flush();
  }

  /** Writes everything buffered as blocks (one per block range touched). */
  flush(): BlockMeta[] {
    const head = this.head;
    const out: BlockMeta[] = [];
    this.head = new Head({ chunkRange: this.range });
    this.headRefs.fill(0);
    this.generation++;
    while (Number.isFinite(head.mint)) {
      const start = Math.floor(head.mint / this.range) * this.range;
      const taken = head.truncateBefore(start + this.range);
      const series: BlockSeries[] = [];
      for (const [s, chunks] of taken) series.push({ labels: s.labels, chunks });
      if (series.length === 0) continue;
      const meta = writeBlock(this.blocksDir, series, start, start + this.range, [], 0);
      this.written.push(meta);
      this.onBlock(meta);
      out.push(meta);
    }
    return out;
  }

  /** Flushes what remains; the importer cannot be used afterwards. Returns all blocks written. */
  finish(): BlockMeta[] {
    if (!this.finished) {
      this.flush();
      this.finished = true;
    }
    return this.written;
  }
}

class ImportAppender implements SeriesRefAppender {
  private readonly importer: BlockImporter;
  private inner: HeadAppender | null = null;
  private generation = -1;

  constructor(importer: BlockImporter) {
    this.importer = importer;
  }

  private app(): HeadAppender {
    if (this.inner === null || this.generation !== this.importer.currentGeneration) {
      const cur = this.importer.current();
      this.inner = cur.head.appender();
      this.generation = cur.generation;
    }
    return this.inner;
  }

  append(labels: Labels, t: number, v: number): void {
    this.app().append(labels, t, v);
  }

  ref(labels: Labels): number {
    return this.importer.ref(labels);
  }

  appendRef(ref: number, t: number, v: number): void {
    const app = this.app();
    app.appendRef(this.importer.headRef(ref), t, v);
  }

  commit(): void {
    this.inner?.commit();
    this.importer.afterCommit();
  }

  rollback(): void {
    this.inner?.rollback();
  }
}
