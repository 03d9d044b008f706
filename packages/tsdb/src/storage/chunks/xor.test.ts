import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStaleNaN, STALE_NAN } from '../../model/value.js';
import { TsdbError } from '../errors.js';
import { chunkNumSamples, decodeChunkInto, XorEncoder, XorIterator } from './xor.js';

function bitsOf(v: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, v);
  return dv.getBigUint64(0);
}

function fromBits(b: bigint): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setBigUint64(0, b);
  return dv.getFloat64(0);
}

function roundTrip(samples: { t: number; v: number }[]): { t: number; bits: bigint }[] {
  const enc = new XorEncoder(8);
  for (const s of samples) enc.append(s.t, s.v);
  const bytes = enc.finish();
  expect(chunkNumSamples(bytes)).toBe(samples.length);
  const out: { t: number; bits: bigint }[] = [];
  const it = new XorIterator(bytes);
  while (it.next()) out.push({ t: it.t, bits: (BigInt(it.hi) << 32n) | BigInt(it.lo) });
  // Also through the typed-array decoder.
  const ts = new Float64Array(samples.length);
  const vs = new Float64Array(samples.length);
  const n = decodeChunkInto(bytes, -Infinity, Infinity, ts, new Uint32Array(vs.buffer), 0);
  expect(n).toBe(samples.length);
  for (let i = 0; i < n; i++) {
    expect(ts[i]).toBe(samples[i].t);
    expect(bitsOf(vs[i])).toBe(bitsOf(samples[i].v));
  }
  return out;
}

describe('XOR chunk', () => {
  it('round-trips special values bit-exactly', () => {
    // A plain array of doubles canonicalizes NaN payloads in V8, so values travel in objects.
    const special = [0, -0, 1, -1, Infinity, -Infinity, NaN, 'stale', 1e-300, 5e-324, Number.MAX_VALUE, 0.1];
    const samples = special.map((v, i) => ({
      t: 1_700_000_000_000 + i * 15_000,
      v: v === 'stale' ? STALE_NAN : Number(v),
    }));
    const out = roundTrip(samples);
    expect(out.map((s) => s.t)).toEqual(samples.map((s) => s.t));
    expect(out.map((s) => s.bits)).toEqual(samples.map((s) => bitsOf(s.v)));
    expect(isStaleNaN(fromBits(out[7].bits))).toBe(true);
    expect(Object.is(fromBits(out[1].bits), -0)).toBe(true);
  });

  it('handles large and negative deltas-of-delta and negative timestamps', () => {
    const ts = [-5_000_000_000_000, -1, 0, 1, 2, 10_000, 10_001, 2 ** 40, 2 ** 52, 2 ** 53 - 1];
    const out = roundTrip(ts.map((t) => ({ t, v: t / 3 })));
    expect(out.map((s) => s.t)).toEqual(ts);
  });

  it('compresses regular samples to about a bit for the timestamp', () => {
    const enc = new XorEncoder();
    for (let i = 0; i < 120; i++) enc.append(1_700_000_000_000 + i * 1000, 5);
    expect(enc.finish().byteLength).toBeLessThan(2 + 16 + 120 / 4 + 4);
  });

  it('round-trips arbitrary increasing timestamps and arbitrary float bits (property)', () => {
    const sampleArb = fc.array(
      fc.record({
        dt: fc.oneof(
          fc.integer({ min: 1, max: 100 }),
          fc.integer({ min: 1, max: 2 ** 31 }),
          fc.constantFrom(1000, 15_000, 60_000),
        ),
        v: fc.oneof(
          fc.double(),
          fc.constantFrom(STALE_NAN, NaN, -0, Infinity, -Infinity),
          fc.integer().map((x) => x),
          fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(fromBits),
        ),
      }),
      { minLength: 1, maxLength: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 45), max: 2 ** 45 }), sampleArb, (start, recs) => {
        let t = start;
        const samples = recs.map((r) => ({ t: (t += r.dt), v: r.v }));
        const out = roundTrip(samples);
        expect(out.map((s) => s.t)).toEqual(samples.map((s) => s.t));
        expect(out.map((s) => s.bits)).toEqual(samples.map((s) => bitsOf(s.v)));
      }),
      { numRuns: 300 },
    );
  });

  it('reports a truncated chunk as corrupt', () => {
    const enc = new XorEncoder();
    for (let i = 0; i < 50; i++) enc.append(i * 1000, Math.random());
    const bytes = enc.finish().subarray(0, 40);
    const it = new XorIterator(bytes);
    expect(() => {
      while (it.next());
    }).toThrow(TsdbError);
  });
});
