import { describe, expect, it } from 'vitest';
import { BufferPool } from './pool.js';

describe('BufferPool', () => {
  it('allocates a fresh buffer per task when off', () => {
    const pool = new BufferPool(1024);
    const a = pool.acquire();
    pool.release(a);
    const b = pool.acquire();
    expect(b).not.toBe(a);
    expect(pool.allocated).toBe(2);
    expect(pool.pooled).toBe(0);
  });

  it('reuses released buffers when on, and drops them when turned off', () => {
    const pool = new BufferPool(1024, 2);
    expect(pool.setEnabled(true)).toBe(false);
    const [a, b, c] = [pool.acquire(), pool.acquire(), pool.acquire()];
    for (const buf of [a, b, c]) pool.release(buf);
    expect(pool.pooled).toBe(2);
    expect(pool.acquire()).toBe(b);
    expect(pool.reused).toBe(1);
    expect(pool.setEnabled(false)).toBe(true);
    expect(pool.pooled).toBe(0);
  });
});
