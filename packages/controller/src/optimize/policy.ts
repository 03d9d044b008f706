import { OptimizeError } from './errors.js';
import { type OptimizationMode, STRATEGY_NAMES, type StrategyName } from './types.js';

export interface RateLimit {
  /** At most this many changes started … */
  max: number;
  /** … within this many ms (sliding window). */
  perMs: number;
}

export interface PolicyConfig {
  /** Mode per strategy; strategies not listed use `defaultMode`. */
  modes?: Partial<Record<StrategyName, OptimizationMode>>;
  defaultMode?: OptimizationMode;
  /** The same strategy is never started on the same target twice within this (default 5 min). */
  cooldownMs?: number;
  /** Global limit on changes started, all targets together (default 6 per 10 min). */
  rateLimit?: RateLimit;
}

export const DEFAULT_COOLDOWN_MS = 5 * 60_000;
export const DEFAULT_RATE_LIMIT: Readonly<RateLimit> = { max: 6, perMs: 10 * 60_000 };
const MODES: readonly OptimizationMode[] = ['off', 'recommend', 'automatic'];

/** What the policy says about starting a strategy on a target now. */
export type PolicyDecision =
  | { verdict: 'apply' }
  | { verdict: 'recommend'; reason: string }
  | { verdict: 'skip'; reason: string };

/**
 * The rules on when a change may start: modes per strategy, a cooldown per strategy and target,
 * a global sliding-window rate limit, one change in flight per target. Time is passed in, so
 * every decision is reproducible.
 */
export class OptimizationPolicy {
  readonly cooldownMs: number;
  readonly rateLimit: RateLimit;
  private readonly modes: Record<StrategyName, OptimizationMode>;
  private readonly lastStart = new Map<string, number>();
  private readonly starts: number[] = [];
  private readonly inFlight = new Map<string, string>();

  constructor(config: PolicyConfig = {}) {
    const defaultMode = config.defaultMode ?? 'recommend';
    checkMode('defaultMode', defaultMode);
    this.modes = Object.fromEntries(STRATEGY_NAMES.map((s) => [s, defaultMode])) as Record<
      StrategyName,
      OptimizationMode
    >;
    for (const [name, mode] of Object.entries(config.modes ?? {})) {
      if (!STRATEGY_NAMES.includes(name as StrategyName)) {
        throw new OptimizeError(
          'invalid_config',
          `modes.${name}: unknown strategy; use one of ${STRATEGY_NAMES.join(', ')}`,
        );
      }
      checkMode(`modes.${name}`, mode);
      this.modes[name as StrategyName] = mode;
    }
    this.cooldownMs = config.cooldownMs ?? DEFAULT_COOLDOWN_MS;
    if (!(this.cooldownMs >= 0)) {
      throw new OptimizeError('invalid_config', 'cooldownMs: must be a number of ms >= 0');
    }
    this.rateLimit = config.rateLimit ?? { ...DEFAULT_RATE_LIMIT };
    if (!(this.rateLimit.max >= 1) || !(this.rateLimit.perMs > 0)) {
      throw new OptimizeError('invalid_config', 'rateLimit: needs max >= 1 and perMs > 0');
    }
  }

  mode(strategy: StrategyName): OptimizationMode {
    return this.modes[strategy];
  }

  setMode(strategy: StrategyName, mode: OptimizationMode): void {
    checkMode(`modes.${strategy}`, mode);
    this.modes[strategy] = mode;
  }

  /**
   * May `strategy` start on `targetId` now? `approved` (a person approved a recommendation)
   * bypasses the `recommend` mode, never the other rules.
   */
  decide(strategy: StrategyName, targetId: string, now: number, approved = false): PolicyDecision {
    const mode = this.modes[strategy];
    if (mode === 'off') return { verdict: 'skip', reason: `strategy ${strategy} is off` };
    const last = this.lastStart.get(key(strategy, targetId));
    if (last !== undefined && now - last < this.cooldownMs) {
      return {
        verdict: 'skip',
        reason: `cooldown: ${strategy} ran on ${targetId} ${Math.round((now - last) / 1000)}s ago (wait ${Math.ceil((this.cooldownMs - (now - last)) / 1000)}s)`,
      };
    }
    if (mode === 'recommend' && !approved) {
      return { verdict: 'recommend', reason: `strategy ${strategy} is in recommend mode: awaiting approval` };
    }
    const busy = this.inFlight.get(targetId);
    if (busy !== undefined)
      return { verdict: 'skip', reason: `target ${targetId} has a change in flight (${busy})` };
    this.prune(now);
    if (this.starts.length >= this.rateLimit.max) {
      return {
        verdict: 'skip',
        reason: `rate limit: ${this.starts.length} changes started in the last ${Math.round(this.rateLimit.perMs / 1000)}s (max ${this.rateLimit.max})`,
      };
    }
    return { verdict: 'apply' };
  }

  /** Records a start (call right after an `apply` decision): cooldown, rate and in-flight. */
  begin(strategy: StrategyName, targetId: string, optimizationId: string, now: number): void {
    this.lastStart.set(key(strategy, targetId), now);
    this.starts.push(now);
    this.inFlight.set(targetId, optimizationId);
  }

  /** The change on this target is finished (confirmed and re-verified, or rolled back). */
  end(targetId: string, optimizationId: string): void {
    if (this.inFlight.get(targetId) === optimizationId) this.inFlight.delete(targetId);
  }

  inFlightOn(targetId: string): string | undefined {
    return this.inFlight.get(targetId);
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && now - (this.starts[0] as number) >= this.rateLimit.perMs)
      this.starts.shift();
  }
}

function key(strategy: StrategyName, targetId: string): string {
  return `${strategy}\u0000${targetId}`;
}

function checkMode(field: string, mode: unknown): asserts mode is OptimizationMode {
  if (!MODES.includes(mode as OptimizationMode)) {
    throw new OptimizeError(
      'invalid_config',
      `${field}: "${String(mode)}" is not a mode; use off, recommend or automatic`,
    );
  }
}
