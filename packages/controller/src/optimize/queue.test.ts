import { describe, expect, it } from 'vitest';
import { OptimizationQueue } from './queue.js';
import type { OptimizationCandidate, StrategyName } from './types.js';

function candidate(
  id: string,
  strategy: StrategyName,
  target: string,
  priority: number,
): OptimizationCandidate {
  return {
    id,
    strategy,
    target: { id: target, controlUrl: 'http://127.0.0.1:1', selector: {} },
    action: { name: 'enable-wasm', description: '', impact: 'high', risk: 'low' },
    parameters: {},
    trigger: { kind: 'manual', reason: 'test', metric: 'inferenceTime' },
    priority,
    alternatives: [],
    createdAt: 0,
  };
}

describe('OptimizationQueue', () => {
  it('orders by priority then age, one per strategy and target', () => {
    const q = new OptimizationQueue();
    expect(q.add(candidate('a', 'cpu', 't1', 4), '', 0)).toBe(true);
    expect(q.add(candidate('b', 'neural', 't1', 6), '', 1)).toBe(true);
    expect(q.add(candidate('c', 'cpu', 't2', 6), '', 2)).toBe(true);
    expect(q.add(candidate('d', 'cpu', 't1', 6), '', 3)).toBe(false);
    expect(q.list(3).map((p) => p.candidate.id)).toEqual(['b', 'c', 'a']);
    expect(q.take('b')?.candidate.id).toBe('b');
    expect(q.take('b')).toBeUndefined();
    expect(q.size).toBe(2);
  });

  it('is bounded (the lowest priority gives way) and expires old items', () => {
    const q = new OptimizationQueue(2, 1_000);
    q.add(candidate('a', 'cpu', 't1', 4), '', 0);
    q.add(candidate('b', 'cpu', 't2', 5), '', 0);
    expect(q.add(candidate('c', 'cpu', 't3', 3), '', 0)).toBe(false);
    expect(q.add(candidate('d', 'cpu', 't4', 6), '', 0)).toBe(true);
    expect(q.list(0).map((p) => p.candidate.id)).toEqual(['d', 'b']);
    expect(q.list(1_000)).toEqual([]);
  });
});
