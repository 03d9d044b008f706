import { describe, expect, it } from 'vitest';
import { DEFAULT_SAFETY_LIMITS } from './types.js';
import { describeImprovement, improvement, judgeChange } from './verify.js';

const limits = DEFAULT_SAFETY_LIMITS;
const baseline = { cpu: 0.5, memory: 200e6, responseTime: 0.1, accuracy: 0.9, inferenceTime: 0.05 };

describe('judgeChange', () => {
  it('keeps a change that improves the goal within every limit', () => {
    const v = judgeChange({
      baseline,
      current: { ...baseline, inferenceTime: 0.01 },
      limits,
      goal: 'inferenceTime',
    });
    expect(v.safe).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.goalImprovement).toBeCloseTo(0.8);
    expect(v.improvements.cpu).toBe(0);
    expect(describeImprovement('inferenceTime', v)).toBe('inferenceTime: 80.0% improvement');
  });

  it.each([
    ['cpu', { cpu: 0.65 }, /CPU rose 30\.0%.*limit \+20\.0%/],
    ['memory', { memory: 240e6 }, /memory rose 20\.0%/],
    ['responseTime', { responseTime: 0.2 }, /response time p95 rose 100\.0%/],
    ['accuracy', { accuracy: 0.8 }, /model accuracy fell 11\.1%/],
  ])('rolls back when %s breaks its limit', (_m, change, reason) => {
    const v = judgeChange({
      baseline,
      current: { ...baseline, inferenceTime: 0.01, ...change },
      limits,
      goal: 'inferenceTime',
    });
    expect(v.safe).toBe(false);
    expect(v.reasons.join('; ')).toMatch(reason);
  });

  it('stays safe just inside the limits and within the noise tolerance', () => {
    const inside = { cpu: 0.59, memory: 219e6, responseTime: 0.149, accuracy: 0.856, inferenceTime: 0.04 };
    expect(judgeChange({ baseline, current: inside, limits, goal: 'inferenceTime' }).safe).toBe(true);
    // +100% CPU on a near-idle process is below the 0.05-core tolerance
    const idle = { cpu: 0.01, inferenceTime: 0.05 };
    expect(
      judgeChange({
        baseline: idle,
        current: { cpu: 0.02, inferenceTime: 0.01 },
        limits,
        goal: 'inferenceTime',
      }).safe,
    ).toBe(true);
  });

  it('rolls back when data is missing after the change or the goal cannot be read', () => {
    const gone = judgeChange({ baseline, current: { inferenceTime: 0.01 }, limits, goal: 'inferenceTime' });
    expect(gone.safe).toBe(false);
    expect(gone.reasons).toContain('no data for cpu after the change (baseline 0.5)');
    const noGoal = judgeChange({
      baseline: { cpu: 0.5 },
      current: { cpu: 0.5 },
      limits,
      goal: 'inferenceTime',
    });
    expect(noGoal.reasons).toEqual(['no baseline for the goal metric inferenceTime']);
  });

  it('rolls back a change without gain on the goal, and honours minImprovement', () => {
    expect(judgeChange({ baseline, current: baseline, limits, goal: 'inferenceTime' }).reasons[0]).toMatch(
      /no gain on inferenceTime/,
    );
    const small = { ...baseline, inferenceTime: 0.045 };
    expect(judgeChange({ baseline, current: small, limits, goal: 'inferenceTime' }).safe).toBe(true);
    expect(
      judgeChange({ baseline, current: small, limits, goal: 'inferenceTime', minImprovement: 0.2 }).safe,
    ).toBe(false);
  });

  it('does not count a goal gain within the noise tolerance (CPU, memory, response time)', () => {
    const noisy = judgeChange({ baseline, current: { ...baseline, cpu: 0.47 }, limits, goal: 'cpu' });
    expect(noisy.safe).toBe(false);
    expect(noisy.goalImprovement).toBeCloseTo(0.06);
    expect(noisy.reasons).toEqual(['no gain on cpu: 0.5 → 0.47 is within the noise tolerance (0.05)']);
    expect(judgeChange({ baseline, current: { ...baseline, cpu: 0.4 }, limits, goal: 'cpu' }).safe).toBe(
      true,
    );
    const heap = judgeChange({ baseline, current: { ...baseline, memory: 190e6 }, limits, goal: 'memory' });
    expect(heap.reasons[0]).toMatch(/^no gain on memory: .* within the noise tolerance \(16777216\)$/);
    expect(
      judgeChange({ baseline, current: { ...baseline, memory: 150e6 }, limits, goal: 'memory' }).safe,
    ).toBe(true);
  });

  it('applies configured limits', () => {
    const strict = { ...limits, maxCpuIncrease: 0 };
    const v = judgeChange({
      baseline,
      current: { ...baseline, cpu: 0.56, inferenceTime: 0.01 },
      limits: strict,
      goal: 'inferenceTime',
    });
    expect(v.safe).toBe(false);
  });

  it('measures improvement in the right direction for each metric', () => {
    expect(improvement('cpu', 1, 0.5)).toBe(0.5);
    expect(improvement('accuracy', 0.5, 0.6)).toBeCloseTo(0.2);
    expect(improvement('cpu', 0, 0)).toBe(0);
  });
});
