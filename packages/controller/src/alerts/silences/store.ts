import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { JsonlAppender, readJsonl } from '../history/jsonl.js';
import { SilenceError } from './errors.js';
import { matchesAll } from './matchers.js';
import type { Silence, SilenceView } from './types.js';
import { parseSilence } from './validate.js';

/** One line of `silences.jsonl`: a silence added, or one expired at a time. */
type SilenceEvent = { op: 'add'; silence: Silence } | { op: 'expire'; id: string; at: number };

export interface SilenceStoreOptions {
  /** The data folder; the store writes `silences.jsonl` there. */
  dataDir: string;
  now?: () => number;
}

/**
 * Silences, persisted as JSON lines (each line fsync'd before the call returns) and read back on
 * open. A silence ends by time (endsAt) or when expired by hand (endsAt becomes the time of expiry).
 */
export class SilenceStore {
  readonly file: string;
  private readonly silences = new Map<string, Silence>();
  private readonly appender: JsonlAppender;
  private readonly now: () => number;
  /** Lines of the file that could not be read back (reported, not fatal). */
  readonly problems: string[] = [];

  constructor(opts: SilenceStoreOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.file = join(opts.dataDir, 'silences.jsonl');
    this.now = opts.now ?? Date.now;
    const { records, problems } = readJsonl<SilenceEvent>(this.file);
    for (const p of problems) this.problems.push(`${p.file}:${p.line}: ${p.message}`);
    for (const e of records) {
      if (e.op === 'add') this.silences.set(e.silence.id, e.silence);
      else if (e.op === 'expire') {
        const s = this.silences.get(e.id);
        if (s && e.at < s.endsAt) s.endsAt = e.at;
      }
    }
    this.appender = new JsonlAppender(this.file);
  }

  /** Validates and stores a silence; returns it (with a new id). Throws SilenceError naming the field. */
  add(input: unknown): Silence {
    const silence = parseSilence(input, randomUUID(), this.now());
    this.write({ op: 'add', silence });
    this.silences.set(silence.id, silence);
    return silence;
  }

  /** Ends a silence now. Throws `not_found` for an unknown id; expiring an expired one is a no-op. */
  expire(id: string): Silence {
    const s = this.silences.get(id);
    if (!s)
      throw new SilenceError(
        'not_found',
        `no silence ${JSON.stringify(id)}; GET /api/silences lists them`,
        'id',
      );
    const at = this.now();
    if (at < s.endsAt) {
      this.write({ op: 'expire', id, at });
      s.endsAt = Math.max(at, s.startsAt);
    }
    return { ...s };
  }

  get(id: string): Silence | undefined {
    const s = this.silences.get(id);
    return s && { ...s };
  }

  /** Every silence with its status at `at`, newest first. */
  list(at = this.now()): SilenceView[] {
    return [...this.silences.values()]
      .map((s) => ({ ...s, status: statusAt(s, at) }))
      .sort((a, b) => b.startsAt - a.startsAt);
  }

  /** The first silence active at `at` whose matchers all match `labels`, if any. */
  silencedBy(labels: Readonly<Record<string, string>>, at = this.now()): Silence | undefined {
    for (const s of this.silences.values())
      if (statusAt(s, at) === 'active' && matchesAll(s.matchers, labels)) return { ...s };
    return undefined;
  }

  isSilenced(labels: Readonly<Record<string, string>>, at = this.now()): boolean {
    return this.silencedBy(labels, at) !== undefined;
  }

  close(): void {
    this.appender.close();
  }

  private write(e: SilenceEvent): void {
    try {
      this.appender.append(e);
    } catch (err) {
      throw new SilenceError('unwritable', (err as Error).message);
    }
  }
}

function statusAt(s: Silence, at: number): SilenceView['status'] {
  return at < s.startsAt ? 'pending' : at < s.endsAt ? 'active' : 'expired';
}
