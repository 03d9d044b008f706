/** One series' latest detector output. */
export interface AnomalyReading {
  score: number;
  expected: number;
  lower: number;
  upper: number;
}

interface Entry extends AnomalyReading {
  rule: string;
  labels: Record<string, string>;
  at: number;
}

export interface AnomalyGaugesOptions {
  /** Most series kept; the oldest readings go first (default 2000). */
  maxSeries?: number;
  /** Readings older than this are dropped, ms (default 10 minutes). */
  staleMs?: number;
}

const DROPPED_LABELS = new Set(['alertname', 'severity', 'rule', '__name__']);
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

/**
 * The latest anomaly score, expected value and band of each (rule, series), exported as the
 * gauges claude_zen_anomaly_score / _expected / _lower / _upper so Grafana can draw them.
 * Bounded: at most `maxSeries` series, stale ones dropped.
 */
export class AnomalyGauges {
  private readonly entries = new Map<string, Entry>();
  private readonly maxSeries: number;
  private readonly staleMs: number;

  constructor(opts: AnomalyGaugesOptions = {}) {
    this.maxSeries = opts.maxSeries ?? 2000;
    this.staleMs = opts.staleMs ?? 600_000;
  }

  record(rule: string, alertLabels: Record<string, string>, reading: AnomalyReading, at: number): void {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(alertLabels))
      if (!DROPPED_LABELS.has(k) && LABEL_NAME.test(k)) labels[k] = v;
    const key = JSON.stringify([rule, Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))]);
    const old = this.entries.get(key);
    if (old && old.at > at) return;
    this.entries.delete(key); // re-insert: Map order is then oldest reading first
    this.entries.set(key, { rule, labels, at, ...reading });
    while (this.entries.size > this.maxSeries) {
      const first = this.entries.keys().next().value as string;
      this.entries.delete(first);
    }
  }

  /** Drops readings older than staleMs before `now`. */
  prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.at > this.staleMs) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The four gauge families in the Prometheus text format (empty string without readings). */
  text(now = Date.now()): string {
    this.prune(now);
    if (this.entries.size === 0) return '';
    const fams: [keyof AnomalyReading, string, string][] = [
      [
        'score',
        'claude_zen_anomaly_score',
        'Normalized anomaly score of the last evaluation (1 = at the alert limit).',
      ],
      ['expected', 'claude_zen_anomaly_expected', 'Value the detector expected at the last evaluation.'],
      ['lower', 'claude_zen_anomaly_lower', 'Lower edge of the expected band at the last evaluation.'],
      ['upper', 'claude_zen_anomaly_upper', 'Upper edge of the expected band at the last evaluation.'],
    ];
    const lines: string[] = [];
    for (const [field, name, help] of fams) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const e of this.entries.values()) {
        const ls = [`rule="${esc(e.rule)}"`, ...Object.entries(e.labels).map(([k, v]) => `${k}="${esc(v)}"`)];
        lines.push(`${name}{${ls.join(',')}} ${num(e[field])}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
}
