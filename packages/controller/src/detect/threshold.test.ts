import { describe, expect, it } from 'vitest';
import { DetectError } from './errors.js';
import { threshold } from './threshold.js';

const at = (v: number) => ({ t: 0, v });

describe('threshold', () => {
  it('scores 1 at warning, 2 at critical, and marks the severity (above)', () => {
    const m = threshold.fit([], threshold.resolve({ warning: 80, critical: 90 }));
    expect(threshold.score(m, at(50)).score).toBeLessThan(1);
    expect(threshold.score(m, at(80)).score).toBeCloseTo(1);
    expect(threshold.score(m, at(85)).severity).toBe('warning');
    const crit = threshold.score(m, at(90));
    expect(crit.score).toBeCloseTo(2);
    expect(crit.severity).toBe('critical');
  });

  it('works below: low is bad', () => {
    const p = threshold.resolve({ warning: '0.7', critical: '0.5', direction: 'below' });
    const m = threshold.fit([], p);
    expect(threshold.score(m, at(0.9)).score).toBeLessThan(1);
    expect(threshold.score(m, at(0.6)).severity).toBe('warning');
    expect(threshold.score(m, at(0.4)).severity).toBe('critical');
    const d = threshold.createStreaming(p);
    expect(d.update(1, 0.9).detection).toBe(false);
    expect(d.update(2, 0.6).detection).toBe(true);
  });

  it('names the parameter and the fix when the input is bad', () => {
    expect(() => threshold.resolve({})).toThrow(/parameter "warning" is required/);
    expect(() => threshold.resolve({ warning: 'high' })).toThrow(DetectError);
    expect(() => threshold.resolve({ warning: 'high' })).toThrow(/"warning" must be a number/);
    expect(() => threshold.resolve({ warning: 80, critical: 70 })).toThrow(
      /"critical" \(70\) must be >= warning/,
    );
    expect(() => threshold.resolve({ warning: 1, colour: 'red' })).toThrow(/unknown parameter "colour"/);
    expect(() => threshold.resolve({ warning: 1, direction: 'up' })).toThrow(/one of above, below/);
  });
});
