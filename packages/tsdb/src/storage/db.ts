import * as fs from 'node:fs';
import * as path from 'node:path';
import { Block } from './block/block.js';
import { BlockImporter } from './block/importer.js';
import { blocksToDelete } from './block/retention.js';
import { type BlockSeries, writeBlock } from './block/writer.js';
import { TsdbError } from './errors.js';
import type { HeadAppender } from './head/appender.js';
import { DEFAULT_CHUNK_RANGE_MS, Head, type HeadStats } from './head/head.js';
import { DirLock } from './lock.js';
import type { ChunkQuerier } from './query/chunk-series.js';
import { DbQuerier } from './query/db-querier.js';
import type { Appendable, Querier, Queryable } from './types.js';
import { writeHeadCheckpoint } from './wal/checkpoint.js';
import { type HeadReplayStats, headReplayHandler } from './wal/head-replay.js';
import { Wal, type WalOptions, type WalReplayReport } from './wal/wal.js';

export interface DBOptions {
  /** Block range in ms (default 2h). Head data older than 1.5 ranges behind the newest sample is persisted. */
  blockRangeMs?: number;
  /** Time retention in ms (default 15 days; 0 keeps everything). */
  retentionMs?: number;
  /** Size retention in bytes over blocks + WAL (default 0 = unlimited). */
  retentionBytes?: number;
  /** WAL options, or false for no WAL (data lives in memory until persisted). */
  wal?: WalOptions | false;
  /** Persist blocks synchronously from commit() when due (default true); else call persist() yourself. */
  persistOnCommit?: boolean;
  /** Receives one line per notable event (stale lock, damage, persistence). Default console.warn. */
  log?: (line: string) => void;
}

export interface DBOpenReport {
  wal: WalReplayReport | null;
  replay: HeadReplayStats | null;
  /** Block folders that could not be read and were moved aside (renamed to *.corrupt). */
  corruptBlocks: string[];
  /** Pid of a dead process whose lock was taken over. */
  staleLockFrom: number | null;
}

export interface DBStats {
  head: HeadStats;
  blocks: { count: number; bytes: number; numSamples: number; minTime: number; maxTime: number };
  walBytes: number;
  /** Time spent writing blocks + WAL checkpoints (synchronous, inside commit when persistOnCommit). */
  persist: { runs: number; totalMs: number; maxMs: number };
}

export const DEFAULT_RETENTION_MS = 15 * 24 * 3600 * 1000;
const BLOCKS_DIR = 'blocks';
const WAL_DIR = 'wal';

/** The storage engine over one data folder: head + WAL + immutable blocks, with retention and a lock. */
export class DB implements Appendable, Queryable {
  readonly dir: string;
  readonly head: Head;
  readonly openReport: DBOpenReport;
  private readonly options: Required<Omit<DBOptions, 'wal' | 'log'>>;
  private readonly log: (line: string) => void;
  private readonly wal: Wal | null;
  private readonly lock: DirLock;
  private blocks: Block[] = [];
  private closed = false;
  private persisting = false;
  private readonly importers = new Set<BlockImporter>();
  private readonly persistStats = { runs: 0, totalMs: 0, maxMs: 0 };

  private constructor(dir: string, options: DBOptions) {
    this.dir = path.resolve(dir);
    this.log = options.log ?? ((line) => console.warn(line));
    this.options = {
      blockRangeMs: options.blockRangeMs ?? DEFAULT_CHUNK_RANGE_MS,
      retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
      retentionBytes: options.retentionBytes ?? 0,
      persistOnCommit: options.persistOnCommit ?? true,
    };
    validateOptions(this.options);
    try {
      fs.mkdirSync(path.join(this.dir, BLOCKS_DIR), { recursive: true });
    } catch (err) {
      throw new TsdbError(
        'io',
        `cannot create data folder ${this.dir}: ${(err as Error).message}; check the --data path and permissions`,
        {
          cause: err,
        },
      );
    }
    this.lock = DirLock.acquire(this.dir);
    if (this.lock.staleFrom !== null) {
      this.log(`tsdb: took over the stale lock of dead pid ${this.lock.staleFrom} on ${this.dir}`);
    }
    try {
      const corruptBlocks = this.loadBlocks();
      this.head = new Head({ chunkRange: this.options.blockRangeMs });
      // Only blocks persisted from the head bound it; imported history may overlap live data.
      this.head.minValidTime = this.blocksMaxTime(true);
      let walReport: WalReplayReport | null = null;
      let replay: HeadReplayStats | null = null;
      if (options.wal !== false) {
        const { handler, stats } = headReplayHandler(this.head);
        const opened = Wal.open(
          path.join(this.dir, WAL_DIR),
          { log: this.log, ...(options.wal ?? {}) },
          handler,
        );
        this.wal = opened.wal;
        walReport = opened.report;
        replay = stats;
        this.head.wal = this.wal;
        this.head.gc();
      } else {
        this.wal = null;
      }
      this.openReport = { wal: walReport, replay, corruptBlocks, staleLockFrom: this.lock.staleFrom };
      if (this.options.persistOnCommit) this.head.onCommit = () => this.persistIfDue();
    } catch (err) {
      this.lock.release();
      throw err;
    }
  }

  /** Opens (creating) the data folder. Throws TsdbError('locked') when another live process has it. */
  static open(dir: string, options: DBOptions = {}): DB {
    return new DB(dir, options);
  }

  private loadBlocks(): string[] {
    const root = path.join(this.dir, BLOCKS_DIR);
    const corrupt: string[] = [];
    for (const name of fs.readdirSync(root).sort()) {
      const full = path.join(root, name);
      if (name.endsWith('.tmp') || name.endsWith('.deleting')) {
        fs.rmSync(full, { recursive: true, force: true });
        continue;
      }
      if (name.endsWith('.corrupt')) continue;
      try {
        this.blocks.push(Block.open(full));
      } catch (err) {
        fs.renameSync(full, `${full}.corrupt`);
        corrupt.push(full);
        this.log(
          `tsdb: ${(err as Error).message}; moved it aside to ${full}.corrupt and continued without it`,
        );
      }
    }
    this.blocks.sort(byTimeThenLevel);
    return corrupt;
  }

  private blocksMaxTime(persistedFromHead = false): number {
    let t = Number.NEGATIVE_INFINITY;
    for (const b of this.blocks)
      if (!persistedFromHead || b.meta.compaction.level >= 1) t = Math.max(t, b.maxTime);
    return t;
  }

  private checkOpen(): void {
    if (this.closed)
      throw new TsdbError('closed', `the database at ${this.dir} is closed; open it again to use it`);
  }

  appender(): HeadAppender {
    this.checkOpen();
    return this.head.appender();
  }

  querier(mint: number, maxt: number): Querier {
    this.checkOpen();
    const qs: ChunkQuerier[] = [];
    for (const b of this.blocks) if (b.maxTime > mint && b.minTime <= maxt) qs.push(b.querier(mint, maxt));
    qs.push(this.head.querier(mint, maxt));
    return new DbQuerier(qs);
  }

  /** Metadata of the persisted blocks, oldest first. */
  blockMetas(): readonly Block['meta'][] {
    return this.blocks.map((b) => b.meta);
  }

  /**
   * A backfill target for historical data (e.g. an OpenMetrics file grouped by series): samples
   * bypass the head and the WAL and are written as blocks when its buffer fills and on
   * `finish()` (also called by close()). Each series must still be in time order.
   */
  importer(options: { maxBufferedSamples?: number } = {}): BlockImporter {
    this.checkOpen();
    const imp = new BlockImporter(
      path.join(this.dir, BLOCKS_DIR),
      { blockRangeMs: this.options.blockRangeMs, ...options },
      (meta) => {
        this.blocks.push(Block.open(path.join(this.dir, BLOCKS_DIR, meta.id)));
        this.blocks.sort(byTimeThenLevel);
      },
    );
    this.importers.add(imp);
    return imp;
  }

  /** Writes the WAL to disk and fsyncs it. */
  sync(): void {
    this.checkOpen();
    this.wal?.sync();
  }

  /** Wall-clock time of the last WAL fsync (0 if none). */
  get lastSyncAt(): number {
    return this.wal?.lastSyncAt ?? 0;
  }

  /** Commits so far (each appender commit with samples counts one); see `syncedCommits`. */
  get commitSeq(): number {
    return this.wal?.loggedCommits ?? 0;
  }

  /** Every commit whose sequence number (commitSeq right after it) is <= this is fsync'd. */
  get syncedCommits(): number {
    return this.wal?.syncedCommits ?? 0;
  }

  /** Register a callback run after every WAL fsync with the durable commit sequence number. */
  set onSync(cb: ((syncedCommits: number) => void) | null) {
    if (this.wal) this.wal.onSync = cb;
  }

  /** Starts the background WAL fsync loop. */
  start(): void {
    this.checkOpen();
    this.wal?.start();
  }

  stop(): void {
    this.wal?.stop();
  }

  private persistIfDue(): void {
    const h = this.head;
    if (h.maxt - h.mint <= 1.5 * this.options.blockRangeMs || this.persisting) return;
    try {
      this.persist();
    } catch (err) {
      // The commit itself succeeded; the head keeps the data and the next commit retries.
      this.log(`tsdb: persisting head data to a block failed: ${(err as Error).message}`);
    }
  }

  /**
   * Persists every complete block range of head data lying more than half a range behind the
   * newest sample (or everything before `upTo` when given), truncates the head and the WAL,
   * and applies retention. Returns the metas of the written blocks.
   */
  persist(upTo?: number): Block['meta'][] {
    this.checkOpen();
    const range = this.options.blockRangeMs;
    const written: Block['meta'][] = [];
    this.persisting = true;
    const started = performance.now();
    try {
      for (;;) {
        const h = this.head;
        if (!Number.isFinite(h.mint)) break;
        const start = Math.floor(h.mint / range) * range;
        const end = start + range;
        const due = upTo !== undefined ? end <= upTo : h.maxt - h.mint > 1.5 * range;
        if (!due) break;
        // Write the block first: if that fails, the head still holds everything.
        const series: BlockSeries[] = [];
        for (const [s, chunks] of h.chunksBefore(end)) series.push({ labels: s.labels, chunks });
        if (series.length) {
          const meta = writeBlock(path.join(this.dir, BLOCKS_DIR), series, start, end);
          this.blocks.push(Block.open(path.join(this.dir, BLOCKS_DIR, meta.id)));
          written.push(meta);
        }
        h.truncateBefore(end);
      }
      if (written.length) {
        const head = this.head;
        this.wal?.checkpoint((out, drain) => writeHeadCheckpoint(head, out, drain));
        this.applyRetention();
      }
    } finally {
      this.persisting = false;
      if (written.length) {
        const ms = performance.now() - started;
        this.persistStats.runs++;
        this.persistStats.totalMs += ms;
        this.persistStats.maxMs = Math.max(this.persistStats.maxMs, ms);
      }
    }
    return written;
  }

  /** Deletes blocks beyond the time or size retention. Returns the deleted block ids. */
  applyRetention(): string[] {
    this.checkOpen();
    const newest = Math.max(this.head.maxt, this.blocksMaxTime() - 1);
    const sized = this.blocks.map((b) => ({ meta: b.meta, bytes: b.sizeBytes(), block: b }));
    const doomed = blocksToDelete(sized, newest, this.wal?.sizeBytes() ?? 0, this.options);
    const ids = new Set(doomed.map((d) => d.meta.id));
    if (ids.size === 0) return [];
    this.blocks = this.blocks.filter((b) => !ids.has(b.meta.id));
    for (const d of doomed) {
      const dir = path.join(this.dir, BLOCKS_DIR, d.meta.id);
      const tmp = `${dir}.deleting`;
      fs.renameSync(dir, tmp);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return [...ids];
  }

  stats(): DBStats {
    let bytes = 0;
    let numSamples = 0;
    for (const b of this.blocks) {
      bytes += b.sizeBytes();
      numSamples += b.meta.stats.numSamples;
    }
    return {
      head: this.head.stats(),
      blocks: {
        count: this.blocks.length,
        bytes,
        numSamples,
        minTime: this.blocks[0]?.minTime ?? Number.NaN,
        maxTime: this.blocks.at(-1)?.maxTime ?? Number.NaN,
      },
      walBytes: this.wal?.sizeBytes() ?? 0,
      persist: { ...this.persistStats },
    };
  }

  /** Syncs the WAL, stops background work and releases the lock. Idempotent. */
  close(): void {
    if (this.closed) return;
    for (const imp of this.importers) imp.finish();
    this.importers.clear();
    this.closed = true;
    this.head.onCommit = null;
    try {
      this.wal?.close();
    } finally {
      this.lock.release();
    }
  }
}

/** Oldest first; for equal start, imported (level 0) before persisted-from-head, so live data wins overlaps. */
function byTimeThenLevel(a: Block, b: Block): number {
  return a.minTime - b.minTime || a.meta.compaction.level - b.meta.compaction.level;
}

function validateOptions(o: Required<Omit<DBOptions, 'wal' | 'log'>>): void {
  const bad = (field: string, why: string): never => {
    throw new TsdbError('invalid_option', `invalid storage option ${field}: ${why}`);
  };
  if (!Number.isInteger(o.blockRangeMs) || o.blockRangeMs < 1000 || o.blockRangeMs > 2 ** 31) {
    bad('blockRangeMs', `${o.blockRangeMs}; use an integer between 1000 and 2^31 ms`);
  }
  if (!(o.retentionMs >= 0))
    bad('retentionMs', `${o.retentionMs}; use 0 (keep forever) or a positive number of ms`);
  if (!(o.retentionBytes >= 0))
    bad('retentionBytes', `${o.retentionBytes}; use 0 (unlimited) or a positive byte count`);
}

/** Opens a storage engine over `dir` (see DB). */
export function openDB(dir: string, options: DBOptions = {}): DB {
  return DB.open(dir, options);
}
