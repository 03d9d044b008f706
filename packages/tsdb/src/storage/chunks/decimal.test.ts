import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STALE_NAN } from '../../model/value.js';
import { compactChunk } from './compact.js';
import { decodeChunkInto, isDecimalChunk, XorEncoder } from './xor.js';

function bitsOf(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0);
}

function check(samples: { t: number; v: number }[]): Uint8Array {
  const enc = new XorEncoder();
  for (const s of samples) enc.append(s.t, s.v);
  const xor = enc.finish();
  const out = compactChunk(xor);
  expect(out.length).toBeLessThanOrEqual(xor.length);
  const ts = new Float64Array(samples.length);
  const vs = new Float64Array(samples.length);
  const n = decodeChunkInto(out, -Infinity, Infinity, ts, new Uint32Array(vs.buffer), 0);
  expect(n).toBe(samples.length);
  for (let i = 0; i < n; i++) {
    expect(ts[i]).toBe(samples[i].t);
    expect(bitsOf(vs[i])).toBe(bitsOf(samples[i].v));
  }
  // A time-window decode returns the right subset.
  if (samples.length > 4) {
    const lo = samples[1].t;
    const hi = samples[samples.length - 2].t;
    const k = decodeChunkInto(out, lo, hi, ts, new Uint32Array(vs.buffer), 0);
    expect(k).toBe(samples.length - 2);
    expect(ts[0]).toBe(lo);
  }
  return out;
}

describe('decimal chunks', () => {
  it('shrink counters, integer gauges and rounded ratios, bit-exactly', () => {
    let c = 1e9;
    const counter = Array.from({ length: 120 }, (_, i) => ({
      t: 1e12 + i * 1000,
      v: (c += (i * 7919) % 50),
    }));
    const out = check(counter);
    expect(isDecimalChunk(out)).toBe(true);
    expect(out.length / 120).toBeLessThan(1.2);
    const ratio = Array.from({ length: 120 }, (_, i) => ({
      t: 1e12 + i * 15_000,
      v: ((i * 37) % 100) / 100,
    }));
    expect(check(ratio).length / 120).toBeLessThan(1.5);
    const constant = Array.from({ length: 120 }, (_, i) => ({ t: 1e12 + i * 1000, v: 3 }));
    expect(check(constant).length).toBeLessThan(40);
  });

  it('keeps XOR for values that are not exact decimals (NaN, stale, -0, Inf, arbitrary doubles)', () => {
    for (const bad of [NaN, STALE_NAN, -0, Infinity, Math.PI]) {
      const s = Array.from({ length: 10 }, (_, i) => ({ t: i, v: i === 5 ? bad : i }));
      expect(isDecimalChunk(check(s))).toBe(false);
    }
  });

  it('round-trips arbitrary mixes of decimals and large jumps (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
      fc.integer({ min: -100_000, max: 100_000 }).map((x) => x / 100),
      fc.integer({ min: -(10 ** 12), max: 10 ** 12 }).map((x) => x / 1e9),
      fc.constantFrom(0, 1, 0.1, 0.3, 1e15, -(2 ** 53), 2 ** 53),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ dt: fc.integer({ min: 1, max: 2 ** 33 }), v: value }), {
          minLength: 1,
          maxLength: 120,
        }),
        (recs) => {
          let t = 1e12;
          check(recs.map((r) => ({ t: (t += r.dt), v: r.v })));
        },
      ),
      { numRuns: 400 },
    );
  });
});
