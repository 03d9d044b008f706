import { describe, expect, it } from 'vitest';
import { OptimizeError } from './errors.js';
import { OptimizationPolicy } from './policy.js';

describe('OptimizationPolicy', () => {
  it('follows the mode of each strategy', () => {
    const p = new OptimizationPolicy({
      defaultMode: 'automatic',
      modes: { memory: 'off', cpu: 'recommend' },
    });
    expect(p.decide('neural', 't1', 0)).toEqual({ verdict: 'apply' });
    expect(p.decide('memory', 't1', 0)).toEqual({ verdict: 'skip', reason: 'strategy memory is off' });
    expect(p.decide('cpu', 't1', 0).verdict).toBe('recommend');
    expect(p.decide('cpu', 't1', 0, true).verdict).toBe('apply');
  });

  it('never runs the same strategy on the same target twice within the cooldown', () => {
    const p = new OptimizationPolicy({ defaultMode: 'automatic' });
    p.begin('neural', 't1', 'o1', 1_000);
    p.end('t1', 'o1');
    const again = p.decide('neural', 't1', 1_000 + 299_000);
    expect(again.verdict).toBe('skip');
    expect((again as { reason: string }).reason).toMatch(/^cooldown: neural ran on t1 299s ago/);
    expect(p.decide('neural', 't2', 1_000 + 299_000).verdict).toBe('apply');
    expect(p.decide('cpu', 't1', 1_000 + 299_000).verdict).toBe('apply');
    expect(p.decide('neural', 't1', 1_000 + 300_000).verdict).toBe('apply');
  });

  it('keeps one change in flight per target', () => {
    const p = new OptimizationPolicy({ defaultMode: 'automatic' });
    p.begin('neural', 't1', 'o1', 0);
    expect(p.decide('cpu', 't1', 10)).toEqual({
      verdict: 'skip',
      reason: 'target t1 has a change in flight (o1)',
    });
    p.end('t1', 'other');
    expect(p.inFlightOn('t1')).toBe('o1');
    p.end('t1', 'o1');
    expect(p.decide('cpu', 't1', 10).verdict).toBe('apply');
  });

  it('applies a global sliding-window rate limit', () => {
    const p = new OptimizationPolicy({ defaultMode: 'automatic', rateLimit: { max: 2, perMs: 60_000 } });
    p.begin('cpu', 'a', '1', 0);
    p.end('a', '1');
    p.begin('cpu', 'b', '2', 1_000);
    p.end('b', '2');
    expect(p.decide('cpu', 'c', 30_000)).toMatchObject({
      verdict: 'skip',
      reason: expect.stringMatching(/^rate limit/),
    });
    expect(p.decide('cpu', 'c', 60_000).verdict).toBe('apply');
  });

  it('names the field of a bad configuration', () => {
    expect(() => new OptimizationPolicy({ defaultMode: 'auto' as never })).toThrow(
      /defaultMode: "auto" is not a mode/,
    );
    expect(() => new OptimizationPolicy({ modes: { gpu: 'off' } as never })).toThrow(
      /modes.gpu: unknown strategy/,
    );
    expect(() => new OptimizationPolicy({ rateLimit: { max: 0, perMs: 1 } })).toThrow(OptimizeError);
  });
});
