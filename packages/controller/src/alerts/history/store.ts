import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertStateChange } from '../state/types.js';
import { JsonlAppender, type JsonlProblem, readJsonl } from './jsonl.js';
import type { ChangeEntry, DeadLetter, DeliveryEntry, HistoryEntry, HistoryQuery } from './types.js';

export interface HistoryOptions {
  /** The controller's data folder; files go to `<dataDir>/alerts/`. */
  dataDir: string;
  /** How many state changes list() can return (kept in memory; default 10,000). */
  memoryLimit?: number;
  /**
   * When `history.jsonl` is larger than this on open (bytes, default 64 MiB), it is rewritten
   * with what is still needed: the last `memoryLimit` changes, the latest change of every alert
   * and the last delivery per (alert, channel). The rewrite is atomic (temp file + rename).
   */
  compactAboveBytes?: number;
  now?: () => number;
}

function key(fingerprint: string, channel: string): string {
  return `${fingerprint}\u0000${channel}`;
}

/**
 * Append-only, fsync'd history of alert state changes and notification deliveries
 * (`<dataDir>/alerts/history.jsonl`) plus the dead letters (`dead-letter.jsonl`). Opening it
 * reads the files back, so that after a restart every delivered state is known and nothing is
 * sent twice. Damaged lines are skipped and listed in `problems`, never fatal.
 */
export class AlertHistory {
  readonly dir: string;
  readonly problems: JsonlProblem[];
  private readonly log: JsonlAppender;
  private readonly deadLog: JsonlAppender;
  private readonly changes: AlertStateChange[] = [];
  private readonly latest = new Map<string, AlertStateChange>();
  private readonly delivered = new Map<string, DeliveryEntry>();
  private readonly memoryLimit: number;
  private readonly now: () => number;

  constructor(opts: HistoryOptions) {
    this.dir = join(opts.dataDir, 'alerts');
    this.memoryLimit = opts.memoryLimit ?? 10_000;
    this.now = opts.now ?? Date.now;
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, 'history.jsonl');
    const { records, problems } = readJsonl<HistoryEntry>(file);
    this.problems = problems;
    for (const r of records) {
      if (r?.type === 'change' && r.change && typeof r.change.fingerprint === 'string')
        this.remember(r.change);
      else if (r?.type === 'delivery' && typeof r.fingerprint === 'string') this.markDelivered(r);
    }
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // no file yet
    }
    if (size > (opts.compactAboveBytes ?? 64 * 1024 * 1024)) this.compact(file);
    this.log = new JsonlAppender(file);
    this.deadLog = new JsonlAppender(join(this.dir, 'dead-letter.jsonl'));
  }

  private remember(change: AlertStateChange): void {
    this.changes.push(change);
    if (this.changes.length > this.memoryLimit * 2)
      this.changes.splice(0, this.changes.length - this.memoryLimit);
    const prev = this.latest.get(change.fingerprint);
    if (!prev || prev.at <= change.at) this.latest.set(change.fingerprint, change);
  }

  private markDelivered(d: DeliveryEntry): void {
    const k = key(d.fingerprint, d.channel);
    const prev = this.delivered.get(k);
    if (!prev || prev.changeAt <= d.changeAt) this.delivered.set(k, d);
  }

  /** Rewrites the file with only what a restart needs, atomically. */
  private compact(file: string): void {
    const keep = new Set<AlertStateChange>(this.changes.slice(-this.memoryLimit));
    for (const c of this.latest.values()) keep.add(c);
    const at = this.now();
    const lines = [...keep]
      .sort((a, b) => a.at - b.at)
      .map((change) => JSON.stringify({ type: 'change', recordedAt: at, change } satisfies ChangeEntry));
    for (const d of this.delivered.values()) lines.push(JSON.stringify(d));
    const tmp = `${file}.compact`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.changes.splice(0, this.changes.length, ...[...keep].sort((a, b) => a.at - b.at));
  }

  /** Records a state change durably (fsync'd) before returning. */
  recordChange(change: AlertStateChange): void {
    const entry: ChangeEntry = { type: 'change', recordedAt: this.now(), change };
    this.log.append(entry);
    this.remember(change);
  }

  /** Records that `change` reached `channel` (or was given up on), durably. */
  recordDelivery(
    channel: string,
    change: AlertStateChange,
    outcome: DeliveryEntry['outcome'],
    attempts: number,
  ): void {
    const entry: DeliveryEntry = {
      type: 'delivery',
      recordedAt: this.now(),
      channel,
      fingerprint: change.fingerprint,
      to: change.to,
      changeAt: change.at,
      outcome,
      attempts,
    };
    this.log.append(entry);
    this.markDelivered(entry);
  }

  /** Records a dead letter in `dead-letter.jsonl` and marks the change done for that channel. */
  recordDeadLetter(channel: string, change: AlertStateChange, attempts: number, error: string): DeadLetter {
    const letter: DeadLetter = {
      recordedAt: this.now(),
      channel,
      fingerprint: change.fingerprint,
      to: change.to,
      changeAt: change.at,
      attempts,
      error,
      change,
    };
    this.deadLog.append(letter);
    this.recordDelivery(channel, change, 'dead_letter', attempts);
    return letter;
  }

  /**
   * Whether this state change (or a later one of the same alert) was already delivered to (or
   * dead-lettered for) `channel`: then it must not be sent again.
   */
  isDelivered(change: AlertStateChange, channel: string): boolean {
    const d = this.delivered.get(key(change.fingerprint, channel));
    if (!d) return false;
    return d.changeAt > change.at || (d.changeAt === change.at && d.to === change.to);
  }

  /** The last delivered state of an alert on a channel. */
  lastDelivered(fingerprint: string, channel: string): DeliveryEntry | undefined {
    return this.delivered.get(key(fingerprint, channel));
  }

  /** The latest recorded state change of every alert. */
  latestChanges(): AlertStateChange[] {
    return [...this.latest.values()];
  }

  /** Recorded state changes, newest first. */
  list(q: HistoryQuery = {}): AlertStateChange[] {
    const limit = q.limit ?? 100;
    const out: AlertStateChange[] = [];
    for (let i = this.changes.length - 1; i >= 0 && out.length < limit; i--) {
      const c = this.changes[i]!;
      if (q.status !== undefined && c.to !== q.status) continue;
      if (q.since !== undefined && c.at < q.since) continue;
      if (q.fingerprint !== undefined && c.fingerprint !== q.fingerprint) continue;
      out.push(c);
    }
    return out;
  }

  /** Every dead letter recorded so far (read from disk). */
  deadLetters(): DeadLetter[] {
    return readJsonl<DeadLetter>(this.deadLog.file).records;
  }

  close(): void {
    this.log.close();
    this.deadLog.close();
  }
}
