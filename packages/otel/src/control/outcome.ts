import type { ApplyOutcome, Rollback } from './types.js';

export interface NormalizedOutcome {
  rollback: Rollback;
  before?: unknown;
  after?: unknown;
}

const NOTHING_TO_UNDO: Rollback = () => {};

/** Reads what an action's apply() returned: a rollback function, an object, or nothing. */
export function normalizeOutcome(outcome: ApplyOutcome, action: string): NormalizedOutcome {
  if (outcome === undefined || outcome === null) return { rollback: NOTHING_TO_UNDO };
  if (typeof outcome === 'function') return { rollback: outcome };
  if (typeof outcome === 'object' && typeof outcome.rollback === 'function') {
    return { rollback: outcome.rollback, before: outcome.before, after: outcome.after };
  }
  throw new Error(
    `action "${action}" apply() must return a rollback function, { rollback, before?, after? } or nothing`,
  );
}
