import type { EventEmitter } from 'node:events';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OptimizeError } from './errors.js';
import type { MetricName, MetricSnapshot } from './types.js';

/** Every decision the optimizer takes. */
export type AuditDecision =
  | 'queued'
  | 'skipped'
  | 'approved'
  | 'applied'
  | 'verified'
  | 'confirmed'
  | 'reverified'
  | 'rolled-back'
  | 'failed'
  | 'abandoned';

export const AUDIT_DECISIONS: readonly AuditDecision[] = [
  'queued',
  'skipped',
  'approved',
  'applied',
  'verified',
  'confirmed',
  'reverified',
  'rolled-back',
  'failed',
  'abandoned',
];

/** One line of the audit log. */
export interface AuditEntry {
  /** ISO time. */
  time: string;
  decision: AuditDecision;
  optimization: string;
  strategy: string;
  target: string;
  action?: string;
  change?: string;
  reason?: string;
  baseline?: MetricSnapshot;
  current?: MetricSnapshot;
  improvements?: Partial<Record<MetricName, number>>;
  durationMs?: number;
}

/**
 * Events emitted per decision. `optimization-applied` and `optimization-failed` keep the seed's
 * meaning (a change that held / one that did not, with `improvement` and `message`); the rest
 * mirror the decisions one to one.
 */
const EVENTS: Record<AuditDecision, string[]> = {
  queued: ['optimization-queued'],
  skipped: ['optimization-skipped'],
  approved: ['optimization-approved'],
  applied: ['optimization-started'],
  verified: ['optimization-verified'],
  confirmed: ['optimization-confirmed', 'optimization-applied'],
  reverified: ['optimization-reverified'],
  'rolled-back': ['optimization-rolled-back', 'optimization-failed'],
  failed: ['optimization-failed'],
  abandoned: ['optimization-abandoned'],
};

export const AUDIT_FILE = 'optimizer-audit.jsonl';

/**
 * The persisted audit trail: JSON lines appended to `<dataDir>/optimizer-audit.jsonl`, each
 * fsync'd before the decision is acted on; entries are also emitted as events and counted.
 */
export class AuditLog {
  readonly path: string;
  private fd: number | undefined;
  private readonly counts = Object.fromEntries(AUDIT_DECISIONS.map((d) => [d, 0])) as Record<
    AuditDecision,
    number
  >;

  constructor(
    dataDir: string,
    private readonly events?: EventEmitter,
  ) {
    this.path = join(dataDir, AUDIT_FILE);
    try {
      mkdirSync(dataDir, { recursive: true });
      this.fd = openSync(this.path, 'a', 0o600);
    } catch (e) {
      throw new OptimizeError('audit_failed', `dataDir: cannot open ${this.path} (${(e as Error).message})`);
    }
  }

  /** Appends, fsyncs, counts and emits one entry (extra fields go to the events only). */
  record(entry: Omit<AuditEntry, 'time'>, extra: Record<string, unknown> = {}): AuditEntry {
    const full: AuditEntry = { time: new Date().toISOString(), ...entry };
    if (this.fd !== undefined) {
      writeSync(this.fd, `${JSON.stringify(full)}\n`);
      fsyncSync(this.fd);
    }
    this.counts[entry.decision]++;
    if (this.events) {
      const payload = { ...full, ...extra };
      this.events.emit('decision', payload);
      for (const name of EVENTS[entry.decision]) {
        // an 'error'-like event without listeners must not throw: only emit when listened to
        if (this.events.listenerCount(name) > 0) this.events.emit(name, payload);
      }
    }
    return full;
  }

  /** Decisions taken since this log was opened, by kind (self-metrics). */
  counters(): Record<AuditDecision, number> {
    return { ...this.counts };
  }

  /** The counters in the Prometheus text format. */
  exposition(): string {
    const lines = [
      '# HELP claude_zen_optimizer_decisions_total Optimizer decisions by kind since start.',
      '# TYPE claude_zen_optimizer_decisions_total counter',
    ];
    for (const d of AUDIT_DECISIONS)
      lines.push(`claude_zen_optimizer_decisions_total{decision="${d}"} ${this.counts[d]}`);
    return `${lines.join('\n')}\n`;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Reads an audit log back; a torn last line (crash mid-write) is ignored. */
export function readAuditLog(path: string): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as AuditEntry);
    } catch {
      // a partial line from an interrupted write
    }
  }
  return out;
}
