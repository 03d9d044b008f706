import type { OptimizationCandidate } from './types.js';

/** A recommendation waiting for approval, with the reason it waits. */
export interface PendingOptimization {
  candidate: OptimizationCandidate;
  explanation: string;
  queuedAt: number;
}

/**
 * Recommendations (and approved work) waiting: highest priority first, at most one per strategy
 * and target (a newer one replaces nothing: the first stays, so its age is honest), bounded, and
 * expiring after `ttlMs`.
 */
export class OptimizationQueue {
  private readonly items = new Map<string, PendingOptimization>();

  constructor(
    readonly maxSize = 100,
    readonly ttlMs = 30 * 60_000,
  ) {}

  /** Adds unless the same strategy is already waiting for the same target; false when not added. */
  add(candidate: OptimizationCandidate, explanation: string, now: number): boolean {
    this.expire(now);
    if (this.has(candidate.strategy, candidate.target.id)) return false;
    if (this.items.size >= this.maxSize) {
      const lowest = this.list(now).at(-1);
      if (!lowest || lowest.candidate.priority >= candidate.priority) return false;
      this.items.delete(lowest.candidate.id);
    }
    this.items.set(candidate.id, { candidate, explanation, queuedAt: now });
    return true;
  }

  has(strategy: string, targetId: string): boolean {
    for (const p of this.items.values()) {
      if (p.candidate.strategy === strategy && p.candidate.target.id === targetId) return true;
    }
    return false;
  }

  /** Waiting items, highest priority first, then oldest first. */
  list(now = Date.now()): PendingOptimization[] {
    this.expire(now);
    return [...this.items.values()].sort(
      (a, b) => b.candidate.priority - a.candidate.priority || a.queuedAt - b.queuedAt,
    );
  }

  /** Removes and returns one item. */
  take(id: string): PendingOptimization | undefined {
    const item = this.items.get(id);
    this.items.delete(id);
    return item;
  }

  get size(): number {
    return this.items.size;
  }

  private expire(now: number): void {
    for (const [id, p] of this.items) if (now - p.queuedAt >= this.ttlMs) this.items.delete(id);
  }
}
