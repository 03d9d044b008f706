import type { Queryable } from '../../storage/types.js';
import { PromQLError } from '../errors.js';
import type { QueryLimits } from '../types.js';

export const DEFAULT_LIMITS: QueryLimits = {
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  maxSeries: Number.POSITIVE_INFINITY,
};

/** Per-query state shared by all evaluation steps. */
export class QueryState {
  private samples = 0;
  private readonly deadline: number;
  private checks = 0;

  constructor(
    readonly queryable: Queryable,
    readonly limits: QueryLimits,
    readonly lookbackMs: number,
    /** Start and end of the top-level query (for `@ start()` / `@ end()`). */
    readonly queryStart: number,
    readonly queryEnd: number,
    /** Default subquery step. */
    readonly defaultStepMs: number,
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** Accounts samples held in memory (Prometheus' --query.max-samples); throws when over the limit. */
  addSamples(n: number): void {
    this.samples += n;
    if (this.samples > this.limits.maxSamples)
      throw new PromQLError(
        'execution',
        'query processing would load too many samples into memory in query execution',
      );
  }

  /** Returns samples no longer held (raw samples once a series has been processed). */
  releaseSamples(n: number): void {
    this.samples -= n;
  }

  checkSeries(n: number): void {
    if (n > this.limits.maxSeries)
      throw new PromQLError(
        'execution',
        `query would select too many series (${n} > limit ${this.limits.maxSeries}) in query execution`,
      );
  }

  /** Cheap periodic timeout check; call often from loops. */
  tick(): void {
    if ((++this.checks & 0xff) === 0) this.checkTimeout();
  }

  checkTimeout(): void {
    if (Date.now() > this.deadline) throw new PromQLError('timeout', 'query timed out in query execution');
  }
}

/** The time grid an expression is evaluated on. */
export interface EvalContext {
  state: QueryState;
  start: number;
  end: number;
  interval: number;
  steps: number;
}

export function stepTime(ctx: EvalContext, i: number): number {
  return ctx.start + i * ctx.interval;
}

export function makeContext(state: QueryState, start: number, end: number, interval: number): EvalContext {
  const steps = end < start ? 0 : Math.floor((end - start) / interval) + 1;
  // Every step of every series costs memory: a grid larger than the sample limit can never fit.
  if (steps > state.limits.maxSamples) state.addSamples(steps);
  return { state, start, end, interval, steps };
}
