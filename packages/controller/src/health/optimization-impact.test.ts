import { describe, expect, it } from 'vitest';
import type { OptimizationResult } from '../optimize/optimizer.js';
import { calculateOptimizationImpact } from './dashboard.js';

function result(over: Partial<OptimizationResult>): OptimizationResult {
  return {
    id: 'o',
    strategy: 'neural',
    target: 't',
    action: 'enable-wasm',
    success: false,
    rolledBack: false,
    improvement: '',
    improvements: {},
    baseline: {},
    current: {},
    reasons: [],
    durationMs: 0,
    finished: true,
    ...over,
  };
}

describe('calculateOptimizationImpact', () => {
  it('counts a change still being verified as in progress, not as failed', () => {
    const impact = calculateOptimizationImpact([
      result({ finished: false }),
      result({ success: true, improvements: { inferenceTime: 0.8 } }),
      result({ success: true, improvements: { inferenceTime: 0.4 } }),
      result({ rolledBack: true }),
      result({}),
    ]);
    expect(impact).toEqual({
      applied: 2,
      rolledBack: 1,
      failed: 1,
      inProgress: 1,
      meanImprovements: { inferenceTime: expect.closeTo(0.6, 10) },
    });
  });
});
