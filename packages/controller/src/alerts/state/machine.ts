import { fingerprint } from './fingerprint.js';
import type { AlertRecord, AlertState, AlertStateChange, AlertTiming, SeriesObservation } from './types.js';

/**
 * The alert state machine of one rule, one record per series fingerprint (duplicates in one
 * evaluation collapse onto one alert: the most severe wins). Pure: the clock is the `at` passed to
 * `observe`; it keeps no timers.
 *
 *   inactive ──active──▶ pending ──held `for`──▶ firing ──inactive beyond keep_firing_for──▶ resolved
 *   pending ──inactive──▶ inactive;  resolved ──active after the cooldown──▶ pending (or firing if for=0)
 *
 * A series missing from an evaluation counts as inactive. An evaluation with no data at all (backend
 * down) must not call `observe`: no data means no decision.
 */
export class AlertStateMachine {
  private readonly records = new Map<string, AlertRecord>();

  constructor(
    readonly rule: string,
    readonly timing: AlertTiming,
  ) {}

  /** Feeds one evaluation at time `at` (ms); returns the state changes, in fingerprint order. */
  observe(at: number, observations: readonly SeriesObservation[]): AlertStateChange[] {
    const seen = new Map<string, SeriesObservation>();
    for (const o of observations) {
      const fp = fingerprint(o.labels);
      const prev = seen.get(fp);
      if (!prev || rank(o) > rank(prev)) seen.set(fp, o);
    }
    const changes: AlertStateChange[] = [];
    for (const [fp, o] of seen) this.step(fp, o, at, changes);
    for (const [fp, rec] of this.records)
      if (!seen.has(fp)) this.step(fp, { ...rec.last, active: false }, at, changes);
    return changes.sort((a, b) =>
      a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0,
    );
  }

  /** Alerts currently pending or firing. */
  active(): AlertRecord[] {
    return [...this.records.values()].filter((r) => r.state === 'pending' || r.state === 'firing');
  }

  /** Every remembered alert, for carrying state over a reload. */
  snapshot(): AlertRecord[] {
    return [...this.records.values()].map((r) => ({ ...r }));
  }

  /** Takes over the records of a previous machine of the same rule. */
  restore(records: readonly AlertRecord[]): void {
    for (const r of records) this.records.set(r.fingerprint, { ...r });
  }

  private step(fp: string, o: SeriesObservation, at: number, out: AlertStateChange[]): void {
    const { forMs, keepFiringForMs, cooldownMs } = this.timing;
    let rec = this.records.get(fp);
    if (!rec) {
      if (!o.active) return;
      rec = {
        fingerprint: fp,
        state: 'inactive',
        labels: o.labels,
        annotations: o.annotations ?? {},
        activeAt: null,
        firedAt: null,
        lastActiveAt: null,
        resolvedAt: null,
        last: o,
      };
      this.records.set(fp, rec);
    }
    const from = rec.state;
    const prevSeverity = rec.last.severity;
    if (o.active) {
      rec.last = o;
      rec.annotations = o.annotations ?? rec.annotations;
      rec.lastActiveAt = at;
    }
    let to: AlertState = from;
    switch (from) {
      case 'inactive':
      case 'resolved':
        if (o.active) {
          if (from === 'resolved' && rec.resolvedAt !== null && at < rec.resolvedAt + cooldownMs) break;
          rec.activeAt = at;
          to = forMs <= 0 ? 'firing' : 'pending';
        } else if (from === 'resolved' && (rec.resolvedAt === null || at >= rec.resolvedAt + cooldownMs)) {
          this.records.delete(fp); // forgotten silently once the cooldown is over
          return;
        }
        break;
      case 'pending':
        if (!o.active) to = 'inactive';
        else if (at - (rec.activeAt ?? at) >= forMs) to = 'firing';
        break;
      case 'firing':
        if (!o.active && at - (rec.lastActiveAt ?? at) >= keepFiringForMs) to = 'resolved';
        break;
    }
    if (to === 'firing' && from !== 'firing') rec.firedAt = at;
    if (to === 'resolved' && from !== 'resolved') rec.resolvedAt = at;
    rec.state = to;
    const severityChanged = from === 'firing' && to === 'firing' && o.active && o.severity !== prevSeverity;
    if (to !== from || severityChanged) out.push(change(this.rule, rec, from, to, at, o));
    if (to === 'inactive') this.records.delete(fp);
  }
}

function rank(o: SeriesObservation): number {
  return (o.active ? 1e6 : 0) + o.score;
}

function change(
  rule: string,
  rec: AlertRecord,
  from: AlertState,
  to: AlertState,
  at: number,
  o: SeriesObservation,
): AlertStateChange {
  const v = o.active ? o : rec.last;
  return {
    rule,
    labels: rec.labels,
    annotations: rec.annotations,
    fingerprint: rec.fingerprint,
    from,
    to,
    at,
    activeAt: rec.activeAt,
    value: o.value,
    severity: v.severity,
    score: o.score,
    expected: o.expected,
    lower: o.lower,
    upper: o.upper,
    evidence: o.evidence,
  };
}
