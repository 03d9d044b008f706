import { describe, expect, it } from 'vitest';
import { SharedResults } from './cache.js';

describe('SharedResults', () => {
  it('computes once per TTL for concurrent callers, then serves the last value while refreshing', async () => {
    const shared = new SharedResults();
    let calls = 0;
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([shared.get('k', 1000, compute, 0), shared.get('k', 1000, compute, 10)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    expect(await shared.get('k', 1000, compute, 999)).toBe(1);
    // stale: the old value now, a fresh one computed in the background
    expect(await shared.get('k', 1000, compute, 1500)).toBe(1);
    expect(calls).toBe(2);
    expect(await shared.get('k', 1000, compute, 1600)).toBe(2);
    // too old to serve: waits for a fresh value
    expect(await shared.get('k', 1000, compute, 10_000)).toBe(3);
  });

  it('does not keep a failure; a failed refresh keeps the last good value', async () => {
    const shared = new SharedResults();
    await expect(shared.get('k', 1000, async () => Promise.reject(new Error('down')), 0)).rejects.toThrow(
      'down',
    );
    expect(await shared.get('k', 1000, async () => 7, 1)).toBe(7);
    expect(await shared.get('k', 1000, async () => Promise.reject(new Error('down')), 1500)).toBe(7);
    await new Promise((r) => setTimeout(r, 0));
    expect(await shared.get('k', 1000, async () => 8, 1600)).toBe(7);
    await new Promise((r) => setTimeout(r, 0));
    expect(await shared.get('k', 1000, async () => 9, 1700)).toBe(8);
  });
});

describe('SharedResults.refresh', () => {
  it('computes now and shares the result with get()', async () => {
    const shared = new SharedResults();
    expect(await shared.get('k', 1000, async () => 1, 0)).toBe(1);
    expect(await shared.refresh('k', async () => 2, 900)).toBe(2);
    expect(await shared.get('k', 1000, async () => 3, 1000)).toBe(2);
  });
});
