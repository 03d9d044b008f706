import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Labels, labelsKey } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import type { ChunkMeta } from '../head/mem-series.js';
import { decodeChunks } from '../head/querier.js';
import { compileMatchers } from '../index/matchers.js';
import { PostingsIndex } from '../index/postings.js';
import type { ChunkQuerier, ChunkSeries } from '../query/chunk-series.js';
import type { Matcher, Queryable, SeriesData } from '../types.js';
import { crc32 } from '../wal/crc32.js';
import {
  type BlockMeta,
  CHUNK_META_BYTES,
  CHUNKS_FILE,
  INDEX_FILE,
  INDEX_MAGIC,
  META_FILE,
} from './format.js';

/** A persisted, immutable block: label index and chunk table in memory, chunk data read on demand. */
export class Block implements Queryable {
  readonly dir: string;
  readonly meta: BlockMeta;
  readonly postings = new PostingsIndex();
  /** labels[i] is series ref i + 1. */
  private readonly labels: Labels[];
  private readonly keys: string[];
  /** First chunk index of series i is first[i]; its chunks run to first[i + 1]. */
  private readonly first: Uint32Array;
  private readonly cMint: Float64Array;
  private readonly cMaxt: Float64Array;
  private readonly cOff: Float64Array;
  private readonly cLen: Uint32Array;
  private readonly cN: Uint16Array;
  private readonly cCrc: Uint32Array;

  private constructor(dir: string, meta: BlockMeta, index: Buffer) {
    this.dir = dir;
    this.meta = meta;
    if (index.toString('latin1', 0, 8) !== INDEX_MAGIC) throw new Error('bad index magic');
    const jsonLen = index.readUInt32LE(8);
    this.labels = (JSON.parse(index.toString('utf8', 12, 12 + jsonLen)) as Labels[]).map((l) =>
      Object.freeze(l),
    );
    this.keys = this.labels.map(labelsKey);
    const n = this.labels.length;
    const chunks = meta.stats.numChunks;
    this.first = new Uint32Array(n + 1);
    this.cMint = new Float64Array(chunks);
    this.cMaxt = new Float64Array(chunks);
    this.cOff = new Float64Array(chunks);
    this.cLen = new Uint32Array(chunks);
    this.cN = new Uint16Array(chunks);
    this.cCrc = new Uint32Array(chunks);
    let p = 12 + jsonLen;
    let c = 0;
    let off = 0;
    for (let i = 0; i < n; i++) {
      this.first[i] = c;
      const count = index.readUInt32LE(p);
      p += 4;
      if (c + count > chunks) throw new Error('chunk table larger than meta.json says');
      for (let k = 0; k < count; k++, c++, p += CHUNK_META_BYTES) {
        this.cMint[c] = index.readDoubleLE(p);
        this.cMaxt[c] = this.cMint[c] + index.readUInt32LE(p + 8);
        this.cLen[c] = index.readUInt32LE(p + 12);
        this.cN[c] = index.readUInt16LE(p + 16);
        this.cCrc[c] = index.readUInt32LE(p + 18);
        this.cOff[c] = off;
        off += this.cLen[c];
      }
      this.postings.add(i + 1, this.labels[i]);
    }
    this.first[n] = c;
  }

  /** Opens a block folder; throws TsdbError('corrupt_block') naming the problem. */
  static open(dir: string): Block {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8')) as BlockMeta;
      if (meta.version !== 1) throw new Error(`unsupported block version ${meta.version}`);
      const index = fs.readFileSync(path.join(dir, INDEX_FILE));
      if (crc32(index) !== meta.indexCrc32) throw new Error('index checksum mismatch');
      return new Block(dir, meta, index);
    } catch (err) {
      throw new TsdbError('corrupt_block', `block ${dir} is unreadable: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  get minTime(): number {
    return this.meta.minTime;
  }

  get maxTime(): number {
    return this.meta.maxTime;
  }

  querier(mint: number, maxt: number): ChunkQuerier {
    return new BlockQuerier(this, mint, maxt);
  }

  seriesLabels(ref: number): Labels {
    return this.labels[ref - 1];
  }

  seriesKey(ref: number): string {
    return this.keys[ref - 1];
  }

  /** Reads the chunks of series `ref` overlapping [mint, maxt] through `fd`. */
  readChunks(fd: number, ref: number, mint: number, maxt: number): ChunkMeta[] {
    let a = this.first[ref - 1];
    let b = this.first[ref];
    while (a < b && this.cMaxt[a] < mint) a++;
    while (b > a && this.cMint[b - 1] > maxt) b--;
    if (a === b) return [];
    const start = this.cOff[a];
    const total = this.cOff[b - 1] + this.cLen[b - 1] - start;
    const buf = new Uint8Array(total);
    let got = 0;
    while (got < total) {
      const r = fs.readSync(fd, buf, got, total - got, start + got);
      if (r === 0)
        throw new TsdbError('corrupt_block', `block ${this.dir}: chunks file is shorter than its index says`);
      got += r;
    }
    const out: ChunkMeta[] = [];
    for (let c = a; c < b; c++) {
      const o = this.cOff[c] - start;
      if (crc32(buf.subarray(o, o + this.cLen[c])) !== this.cCrc[c]) {
        throw new TsdbError(
          'corrupt_chunk',
          `block ${this.dir}: chunk ${c} of series ${JSON.stringify(this.labels[ref - 1])} fails its checksum; restore the block from a backup or delete it`,
        );
      }
      out.push({
        data: buf.subarray(o, o + this.cLen[c]),
        mint: this.cMint[c],
        maxt: this.cMaxt[c],
        numSamples: this.cN[c],
      });
    }
    return out;
  }

  /** Total size of the block's files. */
  sizeBytes(): number {
    let total = 0;
    for (const f of [META_FILE, INDEX_FILE, CHUNKS_FILE]) {
      try {
        total += fs.statSync(path.join(this.dir, f)).size;
      } catch {
        // deleted
      }
    }
    return total;
  }
}

class BlockQuerier implements ChunkQuerier {
  private readonly block: Block;
  private readonly mint: number;
  private readonly maxt: number;

  constructor(block: Block, mint: number, maxt: number) {
    this.block = block;
    this.mint = mint;
    this.maxt = maxt;
  }

  private refs(matchers?: readonly Matcher[]): readonly number[] {
    return matchers?.length
      ? this.block.postings.select(compileMatchers(matchers))
      : this.block.postings.allPostings();
  }

  *select(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<SeriesData> {
    const lo = Math.max(mint, this.mint, this.block.minTime);
    const hi = Math.min(maxt, this.maxt, this.block.maxTime - 1);
    if (lo > hi) return;
    const refs = this.refs(matchers);
    if (refs.length === 0) return;
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.block.dir, CHUNKS_FILE), 'r');
    } catch {
      return; // deleted by retention meanwhile
    }
    try {
      for (const ref of refs) {
        const chunks = this.block.readChunks(fd, ref, lo, hi);
        if (chunks.length === 0) continue;
        const data = decodeChunks(chunks, lo, hi);
        if (data.timestamps.length === 0) continue;
        yield { labels: this.block.seriesLabels(ref), timestamps: data.timestamps, values: data.values };
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  *selectChunks(matchers: readonly Matcher[], mint: number, maxt: number): Iterable<ChunkSeries> {
    const lo = Math.max(mint, this.mint, this.block.minTime);
    const hi = Math.min(maxt, this.maxt, this.block.maxTime - 1);
    if (lo > hi) return;
    const refs = this.refs(matchers);
    if (refs.length === 0) return;
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.block.dir, CHUNKS_FILE), 'r');
    } catch {
      return; // deleted by retention meanwhile
    }
    try {
      for (const ref of refs) {
        const chunks = this.block.readChunks(fd, ref, lo, hi);
        if (chunks.length)
          yield { labels: this.block.seriesLabels(ref), key: this.block.seriesKey(ref), chunks };
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  labelNames(matchers?: readonly Matcher[]): string[] {
    if (!matchers?.length) return this.block.postings.labelNames();
    const names = new Set<string>();
    for (const ref of this.refs(matchers)) for (const n in this.block.seriesLabels(ref)) names.add(n);
    return [...names].sort();
  }

  labelValues(name: string, matchers?: readonly Matcher[]): string[] {
    if (!matchers?.length) return this.block.postings.labelValues(name);
    const values = new Set<string>();
    for (const ref of this.refs(matchers)) {
      const v = this.block.seriesLabels(ref)[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }
}
