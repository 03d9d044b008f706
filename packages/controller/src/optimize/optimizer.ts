import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type AuditDecision, AuditLog } from './audit.js';
import { TargetControl } from './control.js';
import { OptimizeError } from './errors.js';
import { ALL_METRICS, type MetricsReader, readSnapshot } from './metrics.js';
import { OptimizationPolicy, type PolicyConfig } from './policy.js';
import { OptimizationQueue, type PendingOptimization } from './queue.js';
import {
  conditionMet,
  describeCondition,
  type OptimizationStrategy,
  rankActions,
  STRATEGIES,
} from './strategies.js';
import type { TargetSource } from './targets.js';
import {
  DEFAULT_SAFETY_LIMITS,
  type MetricName,
  type MetricSnapshot,
  type OptimizationCandidate,
  type OptimizationTarget,
  type OptimizationTrigger,
  type SafetyLimits,
  STRATEGY_NAMES,
  type StrategyName,
} from './types.js';
import {
  DEFAULT_TOLERANCES,
  describeImprovement,
  judgeChange,
  type Tolerances,
  type Verdict,
} from './verify.js';

export interface OptimizerOptions extends PolicyConfig {
  reader: MetricsReader;
  targets: TargetSource;
  /** Folder of the audit log (`optimizer-audit.jsonl`). */
  dataDir: string;
  safetyLimits?: Partial<SafetyLimits>;
  tolerances?: Partial<Tolerances>;
  /** Period of the evaluation loop started by start() (default 60 s). */
  intervalMs?: number;
  /** Wait between applying and verifying (default 10 s). */
  verificationDelayMs?: number;
  /** Wait between confirming and verifying again (default 30 s; 0 = no second check). */
  reverifyDelayMs?: number;
  /**
   * Window of the readings compared, the end of the wait; at most verificationDelayMs (default: half
   * of it, so the first half lets the change settle: JIT, caches, WASM compilation).
   */
  windowMs?: number;
  /** Window of the readings that trigger strategies in the loop (default 60 s). */
  triggerWindowMs?: number;
  /** Lease of an applied change: the target rolls it back unless confirmed in time (default 2 × delay + 15 s). */
  leaseMs?: number;
  /** Least improvement of the goal metric (fraction) to keep a change (default 0). */
  minImprovement?: number;
  /** Replace parts of the built-in strategies (conditions thresholds, alert names, actions). */
  strategies?: Partial<Record<StrategyName, Partial<Omit<OptimizationStrategy, 'name'>>>>;
  queueSize?: number;
  queueTtlMs?: number;
}

/** The outcome of one optimization. */
export interface OptimizationResult {
  id: string;
  strategy: StrategyName;
  target: string;
  action: string;
  change?: string;
  success: boolean;
  rolledBack: boolean;
  /** The seed's one-liner: `inferenceTime: 83.0% improvement`. */
  improvement: string;
  improvements: Partial<Record<MetricName, number>>;
  baseline: MetricSnapshot;
  current: MetricSnapshot;
  reasons: string[];
  durationMs: number;
  /** False while the change is applied and first verified; `success` means nothing until then. */
  finished: boolean;
  /** Set later by the second verification. */
  reverified?: 'held' | 'vanished' | 'skipped';
}

/** What happened to a proposal. */
export type Proposal =
  | { decision: 'skipped'; reason: string }
  | { decision: 'queued'; candidate: OptimizationCandidate; explanation: string }
  | { decision: 'started'; candidate: OptimizationCandidate; result: Promise<OptimizationResult> };

export interface AlertInput {
  name: string;
  labels?: Record<string, string>;
  value?: number;
}

class Aborted extends Error {}

/**
 * The closed loop's last stage: strategies triggered by alerts or metric conditions propose the
 * best advertised action of a target; the policy decides (modes, cooldown, rate, one in flight);
 * a change is applied with a lease, verified against the baseline after a delay, confirmed or
 * rolled back, and verified again later. Every decision goes to the audit log and to events.
 */
export class Optimizer extends EventEmitter {
  readonly policy: OptimizationPolicy;
  readonly queue: OptimizationQueue;
  readonly limits: SafetyLimits;
  readonly verificationDelayMs: number;
  readonly reverifyDelayMs: number;
  readonly windowMs: number;
  readonly leaseMs: number;
  readonly intervalMs: number;
  private readonly tolerances: Tolerances;
  private readonly strategies: Record<StrategyName, OptimizationStrategy>;
  private audit: AuditLog | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private readonly running = new Set<Promise<unknown>>();
  private readonly recent: OptimizationResult[] = [];

  constructor(private readonly opts: OptimizerOptions) {
    super();
    this.policy = new OptimizationPolicy(opts);
    this.queue = new OptimizationQueue(opts.queueSize, opts.queueTtlMs);
    this.limits = { ...DEFAULT_SAFETY_LIMITS, ...(opts.safetyLimits ?? {}) };
    for (const [k, v] of Object.entries(this.limits)) {
      if (!(typeof v === 'number' && v >= 0)) {
        throw new OptimizeError('invalid_config', `safetyLimits.${k}: must be a fraction >= 0 (0.2 = +20%)`);
      }
    }
    this.tolerances = { ...DEFAULT_TOLERANCES, ...(opts.tolerances ?? {}) };
    this.verificationDelayMs = positive('verificationDelayMs', opts.verificationDelayMs ?? 10_000);
    this.reverifyDelayMs = nonNegative('reverifyDelayMs', opts.reverifyDelayMs ?? 30_000);
    this.windowMs = positive('windowMs', opts.windowMs ?? this.verificationDelayMs / 2);
    if (this.windowMs > this.verificationDelayMs) {
      throw new OptimizeError(
        'invalid_config',
        `windowMs: ${this.windowMs} is longer than verificationDelayMs (${this.verificationDelayMs}); the reading after a change would include data from before it`,
      );
    }
    this.leaseMs = positive('leaseMs', opts.leaseMs ?? this.verificationDelayMs * 2 + 15_000);
    if (this.leaseMs <= this.verificationDelayMs) {
      throw new OptimizeError(
        'invalid_config',
        `leaseMs: ${this.leaseMs} must be longer than verificationDelayMs (${this.verificationDelayMs}), or every change expires before it is verified`,
      );
    }
    this.intervalMs = positive('intervalMs', opts.intervalMs ?? 60_000);
    this.strategies = Object.fromEntries(
      STRATEGY_NAMES.map((n) => [n, { ...STRATEGIES[n], ...(opts.strategies?.[n] ?? {}), name: n }]),
    ) as Record<StrategyName, OptimizationStrategy>;
  }

  /** Opens the audit log and starts the evaluation loop. */
  start(): void {
    this.open();
    if (this.timer) return;
    const tick = () => {
      this.timer = setTimeout(async () => {
        await this.evaluate().catch((e) => this.emit('loop-error', e));
        if (this.timer) tick();
      }, this.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  /**
   * Stops the loop and abandons changes in flight without confirming them: their leases roll them
   * back on the targets (as when the controller dies). Resolves when the work has stopped.
   */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await Promise.allSettled([...this.running]);
    this.audit?.close();
    this.audit = undefined;
    this.abort = new AbortController();
  }

  /** The audit log's path (opened on first use). */
  get auditPath(): string {
    return this.open().path;
  }

  /** Decisions since start, by kind (self-metrics). */
  counters(): Record<AuditDecision, number> {
    return this.open().counters();
  }

  /** Self-metrics in the Prometheus text format. */
  exposition(): string {
    return this.open().exposition();
  }

  strategy(name: StrategyName): OptimizationStrategy {
    return this.strategies[name];
  }

  /** Recent results, newest first. */
  results(): OptimizationResult[] {
    return [...this.recent];
  }

  /** The targets it acts on now (configured or discovered). */
  listTargets(): Promise<OptimizationTarget[]> {
    return this.opts.targets.list();
  }

  /** Recommendations waiting for approval. */
  pending(): PendingOptimization[] {
    return this.queue.list();
  }

  /** One pass: reads every target's trigger metrics and proposes the strategies whose condition holds. */
  async evaluate(): Promise<Proposal[]> {
    const targets = await this.opts.targets.list();
    const out: Proposal[] = [];
    const metrics = [
      ...new Set(STRATEGY_NAMES.flatMap((s) => this.strategies[s].conditions.map((c) => c.metric))),
    ];
    for (const target of targets) {
      const snapshot = await readSnapshot(this.opts.reader, target, metrics, {
        atMs: Date.now(),
        windowMs: this.opts.triggerWindowMs ?? 60_000,
      });
      for (const name of STRATEGY_NAMES) {
        if (this.policy.mode(name) === 'off') continue;
        const strategy = this.strategies[name];
        const cond = conditionMet(strategy, snapshot);
        if (!cond) continue;
        out.push(
          await this.propose(name, target, {
            kind: 'metric',
            reason: describeCondition(cond),
            metric: cond.metric,
            value: snapshot[cond.metric],
          }),
        );
      }
    }
    return out;
  }

  /** A firing alert (by rule name) proposes the strategies that listen to it, on the matching targets. */
  async handleAlert(alert: AlertInput): Promise<Proposal[]> {
    const strategies = STRATEGY_NAMES.filter((s) => this.strategies[s].alerts.includes(alert.name));
    if (strategies.length === 0) return [];
    const labels = alert.labels ?? {};
    const targets = (await this.opts.targets.list()).filter(
      (t) =>
        (labels.instance === undefined || t.selector.instance === labels.instance) &&
        (labels.job === undefined || t.selector.job === labels.job),
    );
    const out: Proposal[] = [];
    for (const target of targets) {
      for (const s of strategies) {
        out.push(
          await this.propose(s, target, {
            kind: 'alert',
            reason: alert.name,
            metric: this.strategies[s].goal,
            value: alert.value,
          }),
        );
      }
    }
    return out;
  }

  /** Proposes one strategy on one target: skip, queue as a recommendation, or start the change. */
  async propose(
    name: StrategyName,
    target: OptimizationTarget,
    trigger: OptimizationTrigger,
    /** Consider only these actions of the strategy (default: all). */
    only?: readonly string[],
  ): Promise<Proposal> {
    const audit = this.open();
    const strategy = this.strategies[name];
    const base = { optimization: '-', strategy: name, target: target.id };
    const skip = (reason: string): Proposal => {
      audit.record({ ...base, decision: 'skipped', reason });
      return { decision: 'skipped', reason };
    };
    const now = Date.now();
    const early = this.policy.decide(name, target.id, now);
    if (early.verdict === 'skip') return skip(early.reason);
    if (early.verdict === 'recommend' && this.queue.has(name, target.id)) {
      return { decision: 'skipped', reason: 'already waiting for approval' };
    }

    let advertised: Awaited<ReturnType<TargetControl['actions']>>;
    try {
      advertised = await new TargetControl(target).actions();
    } catch (e) {
      return skip((e as Error).message);
    }
    const ranked = rankActions(strategy, advertised).filter(
      (r) => only === undefined || only.includes(r.action.name),
    );
    const best = ranked[0];
    if (!best) {
      return skip(
        `${target.id} advertises none of ${strategy.actions.map((a) => a.name).join(', ')} (offers ${advertised.map((a) => a.name).join(', ') || 'nothing'})`,
      );
    }
    const candidate: OptimizationCandidate = {
      id: randomUUID(),
      strategy: name,
      target,
      action: best.advertised,
      parameters: best.action.parameters ?? {},
      trigger,
      priority: best.score,
      alternatives: ranked.slice(1).map((r) => r.action.name),
      createdAt: now,
    };
    const explanation = `${strategy.title}: ${trigger.kind} ${trigger.reason}${trigger.value === undefined ? '' : ` (${trigger.value})`} → ${best.action.name} (${best.action.seedName}; impact ${best.advertised.impact}, risk ${best.advertised.risk}, score ${best.score})${candidate.alternatives.length ? `; alternatives ${candidate.alternatives.join(', ')}` : ''}`;

    if (early.verdict === 'recommend') {
      if (!this.queue.add(candidate, explanation, now))
        return { decision: 'skipped', reason: 'queue full or duplicate' };
      audit.record({
        ...base,
        optimization: candidate.id,
        decision: 'queued',
        action: best.action.name,
        reason: explanation,
      });
      return { decision: 'queued', candidate, explanation };
    }
    return this.start_(candidate, explanation, false);
  }

  /** Approves a queued recommendation: it starts now if the other rules allow. */
  async approve(id: string): Promise<Proposal> {
    const item = this.queue.take(id);
    if (!item)
      throw new OptimizeError('unknown_optimization', `no pending optimization ${id}; see pending()`);
    const c = item.candidate;
    this.open().record({
      decision: 'approved',
      optimization: c.id,
      strategy: c.strategy,
      target: c.target.id,
      action: c.action.name,
    });
    return this.start_(c, item.explanation, true);
  }

  /** Rolls back a change the optimizer made (an operator's decision). */
  async rollback(id: string): Promise<OptimizationResult> {
    const r = this.recent.find((x) => x.id === id);
    if (!r?.change)
      throw new OptimizeError('unknown_optimization', `no applied optimization ${id}; see results()`);
    const target = (await this.opts.targets.list()).find((t) => t.id === r.target);
    if (!target) throw new OptimizeError('unknown_optimization', `target ${r.target} of ${id} is gone`);
    await new TargetControl(target).rollback(r.change);
    r.rolledBack = true;
    this.open().record(
      {
        decision: 'rolled-back',
        optimization: id,
        strategy: r.strategy,
        target: r.target,
        action: r.action,
        change: r.change,
        reason: 'requested by an operator',
      },
      { message: 'rolled back by an operator' },
    );
    return r;
  }

  private start_(candidate: OptimizationCandidate, explanation: string, approved: boolean): Proposal {
    const now = Date.now();
    const d = this.policy.decide(candidate.strategy, candidate.target.id, now, approved);
    if (d.verdict !== 'apply') {
      const reason = d.reason;
      this.open().record({
        decision: 'skipped',
        optimization: candidate.id,
        strategy: candidate.strategy,
        target: candidate.target.id,
        action: candidate.action.name,
        reason,
      });
      return { decision: 'skipped', reason };
    }
    this.policy.begin(candidate.strategy, candidate.target.id, candidate.id, now);
    const result = this.run(candidate, explanation).finally(() => {
      this.running.delete(result);
    });
    this.running.add(result);
    return { decision: 'started', candidate, result };
  }

  private async run(c: OptimizationCandidate, explanation: string): Promise<OptimizationResult> {
    const audit = this.open();
    const signal = this.abort.signal;
    const started = Date.now();
    const goal = this.strategies[c.strategy].goal;
    const metrics = [...new Set<MetricName>([...ALL_METRICS, goal, c.trigger.metric])];
    const control = new TargetControl(c.target);
    const base = { optimization: c.id, strategy: c.strategy, target: c.target.id, action: c.action.name };
    const result: OptimizationResult = {
      id: c.id,
      strategy: c.strategy,
      target: c.target.id,
      action: c.action.name,
      success: false,
      rolledBack: false,
      improvement: '',
      improvements: {},
      baseline: {},
      current: {},
      reasons: [],
      durationMs: 0,
      finished: false,
    };
    this.remember(result);
    let keepInFlight = false;
    try {
      result.baseline = await readSnapshot(this.opts.reader, c.target, metrics, {
        atMs: Date.now(),
        windowMs: this.windowMs,
      });
      let change: Awaited<ReturnType<TargetControl['apply']>>;
      try {
        change = await control.apply(c.action.name, c.parameters, this.leaseMs);
      } catch (e) {
        result.reasons = [(e as Error).message];
        result.durationMs = Date.now() - started;
        audit.record(
          {
            ...base,
            decision: 'failed',
            reason: result.reasons[0],
            baseline: result.baseline,
            durationMs: result.durationMs,
          },
          { message: result.reasons[0], result },
        );
        return result;
      }
      result.change = change.id;
      audit.record(
        { ...base, decision: 'applied', change: change.id, reason: explanation, baseline: result.baseline },
        { result },
      );

      await sleep(this.verificationDelayMs, signal);
      result.current = await readSnapshot(this.opts.reader, c.target, metrics, {
        atMs: Date.now(),
        windowMs: this.windowMs,
      });
      const verdict = this.judge(result.baseline, result.current, goal);
      this.fill(result, verdict, goal, started);
      if (!verdict.safe) {
        await this.undo(control, result, base, verdict.reasons.join('; '));
        return result;
      }
      audit.record({
        ...base,
        decision: 'verified',
        change: change.id,
        baseline: result.baseline,
        current: result.current,
        improvements: verdict.improvements,
        durationMs: result.durationMs,
      });
      if (signal.aborted) throw new Aborted();
      await control.confirm(change.id);
      result.success = true;
      audit.record(
        {
          ...base,
          decision: 'confirmed',
          change: change.id,
          improvements: verdict.improvements,
          reason: result.improvement,
          durationMs: result.durationMs,
        },
        { improvement: result.improvement, result },
      );
      if (this.reverifyDelayMs > 0) {
        keepInFlight = true;
        const later = this.reverify(c, control, result, goal).finally(() => {
          this.running.delete(later);
          this.policy.end(c.target.id, c.id);
        });
        this.running.add(later);
      } else {
        result.reverified = 'skipped';
      }
      return result;
    } catch (e) {
      if (e instanceof Aborted || signal.aborted) {
        result.reasons.push('controller stopped before confirming; the lease rolls the change back');
        audit.record({
          ...base,
          decision: 'abandoned',
          change: result.change,
          reason: result.reasons.at(-1),
        });
        return result;
      }
      const message = (e as Error).message;
      result.reasons.push(message);
      if (result.change) await this.undo(control, result, base, message).catch(() => {});
      else audit.record({ ...base, decision: 'failed', reason: message }, { message, result });
      return result;
    } finally {
      result.durationMs = Date.now() - started;
      result.finished = true;
      if (!keepInFlight) this.policy.end(c.target.id, c.id);
    }
  }

  private async reverify(
    c: OptimizationCandidate,
    control: TargetControl,
    result: OptimizationResult,
    goal: MetricName,
  ): Promise<void> {
    const base = {
      optimization: c.id,
      strategy: c.strategy,
      target: c.target.id,
      action: c.action.name,
      change: result.change,
    };
    try {
      await sleep(this.reverifyDelayMs, this.abort.signal);
    } catch {
      return; // stopped: a confirmed change stays
    }
    if (result.rolledBack) {
      result.reverified = 'skipped'; // an operator rolled it back meanwhile: nothing left to judge
      return;
    }
    const later = await readSnapshot(
      this.opts.reader,
      c.target,
      [...new Set<MetricName>([...ALL_METRICS, goal])],
      {
        atMs: Date.now(),
        windowMs: this.windowMs,
      },
    );
    const verdict = this.judge(result.baseline, later, goal);
    if (verdict.safe) {
      result.reverified = 'held';
      this.open().record({
        ...base,
        decision: 'reverified',
        current: later,
        improvements: verdict.improvements,
      });
      return;
    }
    result.reverified = 'vanished';
    result.success = false;
    await this.undo(control, result, base, `second verification: ${verdict.reasons.join('; ')}`).catch(
      () => {},
    );
  }

  private judge(baseline: MetricSnapshot, current: MetricSnapshot, goal: MetricName): Verdict {
    return judgeChange({
      baseline,
      current,
      limits: this.limits,
      goal,
      minImprovement: this.opts.minImprovement,
      tolerances: this.tolerances,
    });
  }

  private fill(result: OptimizationResult, verdict: Verdict, goal: MetricName, started: number): void {
    result.improvements = verdict.improvements;
    result.reasons = verdict.reasons;
    result.improvement = describeImprovement(goal, verdict);
    result.durationMs = Date.now() - started;
  }

  private async undo(
    control: TargetControl,
    result: OptimizationResult,
    base: { optimization: string; strategy: string; target: string; action: string },
    reason: string,
  ): Promise<void> {
    const audit = this.open();
    try {
      await control.rollback(result.change as string);
    } catch (e) {
      audit.record(
        {
          ...base,
          decision: 'failed',
          change: result.change,
          reason: `rollback failed: ${(e as Error).message}`,
        },
        { message: (e as Error).message, result },
      );
      throw e;
    }
    result.rolledBack = true;
    result.success = false;
    audit.record(
      {
        ...base,
        decision: 'rolled-back',
        change: result.change,
        reason,
        baseline: result.baseline,
        current: result.current,
        improvements: result.improvements,
        durationMs: result.durationMs,
      },
      { message: `rolled back: ${reason}`, result },
    );
  }

  private remember(r: OptimizationResult): void {
    this.recent.unshift(r);
    if (this.recent.length > 200) this.recent.pop();
  }

  private open(): AuditLog {
    this.audit ??= new AuditLog(this.opts.dataDir, this);
    return this.audit;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Aborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function positive(field: string, v: number): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
    throw new OptimizeError('invalid_config', `${field}: must be a number of ms > 0`);
  }
  return v;
}

function nonNegative(field: string, v: number): number {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
    throw new OptimizeError('invalid_config', `${field}: must be a number of ms >= 0`);
  }
  return v;
}
