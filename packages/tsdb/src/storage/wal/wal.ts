import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Labels } from '../../model/labels.js';
import { TsdbError } from '../errors.js';
import type { WalSink } from '../head/wal-sink.js';
import { type RecordHandler, readRecords } from './reader.js';
import { encodeSamples, encodeSeries, RecordBuffer } from './records.js';

export interface WalOptions {
  /** Soft size limit of a segment file (default 32 MiB). */
  segmentBytes?: number;
  /** fsync period in ms (default 1000); 0 writes and fsyncs on every commit. */
  syncIntervalMs?: number;
  /** Receives one line per notable event (damage found). Default: console.warn. */
  log?: (line: string) => void;
}

/** What replay found damaged and dropped. */
export interface WalCorruption {
  file: string;
  offset: number;
  reason: string;
  /** Bytes cut from the damaged file. */
  droppedBytes: number;
  /** Later files deleted because they follow the damage. */
  droppedFiles: string[];
}

export interface WalReplayReport {
  checkpoint: string | null;
  filesRead: number;
  records: number;
  samples: number;
  corruption: WalCorruption[];
}

const SEGMENT_RE = /^\d{8}$/;
const CHECKPOINT_RE = /^checkpoint\.(\d{8})$/;
const FLUSH_BYTES = 1 << 20;

const segName = (i: number): string => String(i).padStart(8, '0');

/** Write-ahead log: numbered segment files of framed, checksummed records, plus an optional checkpoint. */
export class Wal implements WalSink {
  readonly dir: string;
  readonly segmentBytes: number;
  readonly syncIntervalMs: number;
  private readonly log: (line: string) => void;
  private readonly rb = new RecordBuffer();
  private fd = -1;
  private segIndex = 0;
  private segBytes = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Wall-clock time of the last completed fsync. */
  lastSyncAt = 0;
  /** Number of logSamples calls so far (one per commit): a sequence number for durability. */
  loggedCommits = 0;
  /** Every commit with a sequence number up to this one is on disk (fsync'd). */
  syncedCommits = 0;
  /** Called after each fsync with `syncedCommits` (e.g. to report durability). */
  onSync: ((syncedCommits: number) => void) | null = null;
  private fsyncInFlight = false;
  /** Descriptors of cut segments whose close waits for an in-flight fsync. */
  private closeAfterFsync: number[] = [];
  /** Cut segments with data not yet fsync'd (still open). */
  private readonly unsyncedOld: number[] = [];

  private constructor(dir: string, options: WalOptions) {
    this.dir = dir;
    this.segmentBytes = options.segmentBytes ?? 32 * 1024 * 1024;
    this.syncIntervalMs = options.syncIntervalMs ?? 1000;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /**
   * Opens (creating) the WAL in `dir`, replays the checkpoint and segments into `handler`,
   * repairs damage by cutting the damaged file at the last intact record (and deleting the
   * files after it), and opens a fresh segment for writing. Never fails because of damage.
   */
  static open(
    dir: string,
    options: WalOptions,
    handler: RecordHandler,
  ): { wal: Wal; report: WalReplayReport } {
    fs.mkdirSync(dir, { recursive: true });
    const wal = new Wal(dir, options);
    const report = wal.replay(handler);
    wal.openSegment(wal.segIndex + 1);
    return { wal, report };
  }

  private replay(handler: RecordHandler): WalReplayReport {
    const names = fs.readdirSync(this.dir);
    for (const n of names)
      if (n.endsWith('.tmp')) fs.rmSync(path.join(this.dir, n), { recursive: true, force: true });
    const checkpoints = names.filter((n) => CHECKPOINT_RE.test(n)).sort();
    const report: WalReplayReport = {
      checkpoint: null,
      filesRead: 0,
      records: 0,
      samples: 0,
      corruption: [],
    };
    let after = 0;
    const cp = checkpoints.at(-1);
    if (cp) {
      after = Number(CHECKPOINT_RE.exec(cp)![1]);
      report.checkpoint = cp;
      this.readFile(cp, handler, report, []);
      for (const old of checkpoints.slice(0, -1)) fs.rmSync(path.join(this.dir, old), { force: true });
    }
    const segments = names
      .filter((n) => SEGMENT_RE.test(n))
      .map(Number)
      .sort((a, b) => a - b);
    this.segIndex = Math.max(after, segments.at(-1) ?? 0);
    for (const s of segments) if (s <= after) fs.rmSync(path.join(this.dir, segName(s)), { force: true });
    const live = segments.filter((s) => s > after).map(segName);
    for (let i = 0; i < live.length; i++) {
      if (!this.readFile(live[i], handler, report, live.slice(i + 1))) break;
    }
    return report;
  }

  /** Reads one file; on damage truncates it, deletes `later`, reports, and returns false. */
  private readFile(name: string, handler: RecordHandler, report: WalReplayReport, later: string[]): boolean {
    const file = path.join(this.dir, name);
    const buf = fs.readFileSync(file);
    const r = readRecords(buf, handler);
    report.filesRead++;
    report.records += r.records;
    report.samples += r.samples;
    if (r.damage === undefined) return true;
    fs.truncateSync(file, r.validBytes);
    for (const l of later) fs.rmSync(path.join(this.dir, l), { force: true });
    const c: WalCorruption = {
      file,
      offset: r.validBytes,
      reason: r.damage,
      droppedBytes: buf.length - r.validBytes,
      droppedFiles: later.map((l) => path.join(this.dir, l)),
    };
    report.corruption.push(c);
    this.log(
      `tsdb: WAL damage in ${file}: ${c.reason}; kept ${r.records} records before offset ${c.offset}, dropped ${c.droppedBytes} bytes and ${later.length} later segment(s)`,
    );
    return false;
  }

  private openSegment(index: number): void {
    this.segIndex = index;
    this.segBytes = 0;
    try {
      this.fd = fs.openSync(path.join(this.dir, segName(index)), 'w');
    } catch (err) {
      throw ioError(`cannot create WAL segment in ${this.dir}`, err);
    }
    syncDir(this.dir);
  }

  /** Starts the periodic fsync (no-op when syncing on every commit). */
  start(): void {
    if (this.timer || this.syncIntervalMs <= 0 || this.closed) return;
    this.timer = setInterval(() => this.syncInBackground(), this.syncIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  logSeries(ref: number, labels: Labels): void {
    encodeSeries(this.rb, ref, labels);
    this.afterLog();
  }

  logSamples(refs: Int32Array, ts: Float64Array, vbits: Uint32Array, n: number): void {
    encodeSamples(this.rb, refs, ts, vbits, n);
    this.loggedCommits++;
    this.afterLog();
  }

  private afterLog(): void {
    if (this.closed) throw new TsdbError('closed', 'the WAL is closed; reopen the database to write');
    if (this.syncIntervalMs <= 0) this.sync();
    else if (this.rb.len >= FLUSH_BYTES) this.flush();
  }

  /** Writes buffered records to the segment file (the OS has them; a process kill loses nothing). */
  flush(): void {
    const len = this.rb.len;
    if (len === 0 || this.fd < 0) return;
    if (this.segBytes > 0 && this.segBytes + len > this.segmentBytes) this.cutSegment();
    try {
      let off = 0;
      while (off < len) off += fs.writeSync(this.fd, this.rb.buf, off, len - off);
    } catch (err) {
      throw ioError(`cannot write WAL segment ${segName(this.segIndex)} in ${this.dir}`, err);
    }
    this.segBytes += len;
    this.dirty = true;
    this.rb.clear();
  }

  /** Flushes and fsyncs: everything logged so far survives a crash or power loss. */
  sync(): void {
    const seq = this.loggedCommits;
    this.flush();
    for (const fd of this.unsyncedOld.splice(0)) {
      fs.fsyncSync(fd);
      this.closeFd(fd);
    }
    if (this.dirty && this.fd >= 0) {
      fs.fsyncSync(this.fd);
      this.dirty = false;
    }
    this.synced(seq);
  }

  private synced(seq: number): void {
    this.lastSyncAt = Date.now();
    if (seq > this.syncedCommits) this.syncedCommits = seq;
    this.onSync?.(this.syncedCommits);
  }

  /**
   * The periodic sync: writes the buffer (synchronously, cheap) and runs the fsync on the
   * thread pool so ingestion does not wait for the disk.
   */
  syncInBackground(): void {
    if (this.closed || this.fsyncInFlight) return;
    const seq = this.loggedCommits;
    this.flush();
    const fds = this.unsyncedOld.splice(0);
    const current = this.dirty ? this.fd : -1;
    this.dirty = false;
    if (fds.length === 0 && current < 0) {
      this.synced(seq);
      return;
    }
    if (current >= 0) fds.push(current);
    this.fsyncInFlight = true;
    let left = fds.length;
    let failed: Error | null = null;
    for (const fd of fds) {
      fs.fsync(fd, (err) => {
        if (err) failed = err;
        if (--left > 0) return;
        this.fsyncInFlight = false;
        // Cut segments are done once fsync'd; descriptors closed meanwhile were waiting for us.
        for (const old of fds) if (old !== current) fs.close(old, () => {});
        for (const old of this.closeAfterFsync.splice(0)) fs.close(old, () => {});
        if (failed) {
          this.log(`tsdb: WAL fsync failed in ${this.dir}: ${(failed as Error).message}; will retry`);
          this.dirty = true;
          return;
        }
        this.synced(seq);
      });
    }
  }

  /** Starts a new segment; the old one is fsync'd and closed by the next sync. */
  private cutSegment(): void {
    if (this.dirty) this.unsyncedOld.push(this.fd);
    else this.closeFd(this.fd);
    this.dirty = false;
    this.openSegment(this.segIndex + 1);
  }

  private closeFd(fd: number): void {
    if (this.fsyncInFlight) this.closeAfterFsync.push(fd);
    else fs.closeSync(fd);
  }

  /**
   * Replaces every segment so far by a checkpoint holding what `write` encodes (the live
   * series and their in-memory chunks), then deletes the old segments.
   */
  checkpoint(write: (out: RecordBuffer, drain: () => void) => void): string {
    this.flush();
    this.cutSegment();
    const covered = this.segIndex - 1;
    const name = `checkpoint.${segName(covered)}`;
    const tmp = path.join(this.dir, `${name}.tmp`);
    const fd = fs.openSync(tmp, 'w');
    const out = new RecordBuffer();
    const drain = (): void => {
      let off = 0;
      while (off < out.len) off += fs.writeSync(fd, out.buf, off, out.len - off);
      out.clear();
    };
    try {
      write(out, () => {
        if (out.len >= 4 * FLUSH_BYTES) drain();
      });
      drain();
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path.join(this.dir, name));
    syncDir(this.dir);
    for (const n of fs.readdirSync(this.dir)) {
      const cp = CHECKPOINT_RE.exec(n);
      if ((cp && n !== name) || (SEGMENT_RE.test(n) && Number(n) <= covered)) {
        fs.rmSync(path.join(this.dir, n), { force: true });
      }
    }
    return name;
  }

  /** Total bytes of WAL files on disk (plus buffered bytes). */
  sizeBytes(): number {
    let total = this.rb.len;
    for (const n of fs.readdirSync(this.dir)) {
      try {
        total += fs.statSync(path.join(this.dir, n)).size;
      } catch {
        // removed concurrently
      }
    }
    return total;
  }

  close(): void {
    if (this.closed) return;
    this.stop();
    this.sync();
    this.closed = true;
    if (this.fd >= 0) this.closeFd(this.fd);
    this.fd = -1;
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

function ioError(what: string, err: unknown): TsdbError {
  return new TsdbError('io', `${what}: ${(err as Error).message}; check free space and permissions`, {
    cause: err,
  });
}
