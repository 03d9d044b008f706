import { EventEmitter } from 'node:events';
import { AlertStateMachine } from '../alerts/state/machine.js';
import type { AlertRecord, AlertStateChange } from '../alerts/state/types.js';
import { QueryError } from '../query/errors.js';
import type { QueryBackend } from '../query/types.js';
import { type DetectionPlan, planFor } from './detection.js';
import { evaluateRule } from './evaluate-rule.js';
import { loadRuleFiles } from './loader.js';
import type { Rule } from './types.js';

/** How one rule's evaluations are going (self-observability). */
export interface RuleHealth {
  name: string;
  /** `ok`: last evaluation decided; `error`: the backend failed, nothing was decided; `unknown`: not yet run. */
  health: 'ok' | 'error' | 'unknown';
  lastError: { code: string; message: string; at: number } | null;
  lastEvaluatedAt: number | null;
  lastDurationMs: number | null;
  /** Series judged by the last evaluation. */
  series: number;
  /** Alerts pending or firing. */
  activeAlerts: number;
}

export interface RuleManagerOptions {
  backend: QueryBackend;
  /** Rule files, read by `reload()`. */
  files?: readonly string[];
  /** Rules given directly (used when no files are given). */
  rules?: readonly Rule[];
}

interface Entry {
  rule: Rule;
  plan: DetectionPlan;
  machine: AlertStateMachine;
  health: RuleHealth;
}

/**
 * The rules and their alert state. `evaluate(at)` runs every rule once at `at` and emits
 * `change` (AlertStateChange) for every alert state change; `reload()` rereads the files and keeps
 * the alert state of rules whose name and query did not change. Events: `change`, `error`
 * ({ rule, error }) when a backend fails.
 */
export class RuleManager extends EventEmitter {
  private entries = new Map<string, Entry>();
  private readonly backend: QueryBackend;
  private readonly files: readonly string[];
  private lastCycle = { at: null as number | null, durationMs: null as number | null, errors: 0 };

  constructor(opts: RuleManagerOptions) {
    super();
    this.backend = opts.backend;
    this.files = opts.files ?? [];
    if (this.files.length) this.reload();
    else this.setRules(opts.rules ?? []);
  }

  /** Rereads the rule files. Throws RuleError (and keeps the current rules) when any is invalid. */
  reload(): { added: string[]; removed: string[]; kept: string[]; reset: string[] } {
    return this.setRules(loadRuleFiles(this.files));
  }

  /** Replaces the rules; a rule keeps its alerts when its name and query are unchanged. */
  setRules(rules: readonly Rule[]): { added: string[]; removed: string[]; kept: string[]; reset: string[] } {
    const plans = rules.map((r) => planFor(r)); // throws before anything changes
    const next = new Map<string, Entry>();
    const report = {
      added: [] as string[],
      removed: [] as string[],
      kept: [] as string[],
      reset: [] as string[],
    };
    rules.forEach((rule, i) => {
      const old = this.entries.get(rule.name);
      const machine = new AlertStateMachine(rule.name, {
        forMs: rule.forMs,
        keepFiringForMs: rule.keepFiringForMs,
        cooldownMs: rule.cooldownMs,
      });
      if (old && old.rule.query === rule.query) {
        machine.restore(old.machine.snapshot());
        report.kept.push(rule.name);
      } else (old ? report.reset : report.added).push(rule.name);
      next.set(rule.name, {
        rule,
        plan: plans[i],
        machine,
        health: old?.health ?? {
          name: rule.name,
          health: 'unknown',
          lastError: null,
          lastEvaluatedAt: null,
          lastDurationMs: null,
          series: 0,
          activeAlerts: 0,
        },
      });
    });
    for (const name of this.entries.keys()) if (!next.has(name)) report.removed.push(name);
    this.entries = next;
    return report;
  }

  rules(): Rule[] {
    return [...this.entries.values()].map((e) => e.rule);
  }

  /** Evaluates the named rule at `at`; its changes are returned and emitted. */
  async evaluateRule(name: string, at: number): Promise<AlertStateChange[]> {
    const e = this.entries.get(name);
    if (!e) return [];
    const start = performance.now();
    let changes: AlertStateChange[] = [];
    try {
      const observations = await evaluateRule(e.rule, e.plan, this.backend, at);
      // The rule may have been replaced by a reload while the query ran: judge with the current machine.
      const current = this.entries.get(name) ?? e;
      changes = current.machine.observe(at, observations);
      // every series' verdict (score, expected, band), alerting or not: for anomaly-score series
      this.emit('observations', { rule: name, at, observations });
      e.health.health = 'ok';
      e.health.series = observations.length;
    } catch (err) {
      const q = err instanceof QueryError ? err : new QueryError('internal', (err as Error).message);
      e.health.health = 'error';
      e.health.lastError = { code: q.code, message: q.message, at };
      this.lastCycle.errors++;
      this.emit('error-evaluating', { rule: name, error: q });
    }
    e.health.lastEvaluatedAt = at;
    e.health.lastDurationMs = performance.now() - start;
    e.health.activeAlerts = e.machine.active().length;
    for (const c of changes) this.emit('change', c);
    return changes;
  }

  /** Evaluates every rule at `at`, one after the other; returns all changes in rule order. */
  async evaluate(at: number): Promise<AlertStateChange[]> {
    const start = performance.now();
    this.lastCycle.errors = 0;
    const all: AlertStateChange[] = [];
    for (const name of [...this.entries.keys()]) all.push(...(await this.evaluateRule(name, at)));
    this.lastCycle.at = at;
    this.lastCycle.durationMs = performance.now() - start;
    return all;
  }

  /** Health of every rule plus the last full cycle's duration and error count. */
  status(): {
    rules: RuleHealth[];
    lastCycle: { at: number | null; durationMs: number | null; errors: number };
  } {
    return {
      rules: [...this.entries.values()].map((e) => ({ ...e.health })),
      lastCycle: { ...this.lastCycle },
    };
  }

  /** Alerts pending or firing, by rule. */
  activeAlerts(): { rule: string; alerts: AlertRecord[] }[] {
    return [...this.entries.values()].map((e) => ({ rule: e.rule.name, alerts: e.machine.active() }));
  }
}
