import { createPrng } from './isolation-forest/prng.js';
import type { Sample } from './types.js';

/** Options of a synthetic series: n samples every `step` ms from `start`, Gaussian noise of `noise`, seeded. */
export interface SyntheticOptions {
  n: number;
  step?: number;
  start?: number;
  noise?: number;
  seed?: number;
}

/**
 * A synthetic series with known anomalies, for tests and demos: `shape(i)` gives the clean value
 * of sample i, seeded Gaussian noise (Box-Muller) is added.
 */
export function synthetic(opts: SyntheticOptions, shape: (i: number) => number): Sample[] {
  const rand = createPrng(opts.seed ?? 7);
  const step = opts.step ?? 60_000;
  const start = opts.start ?? Date.UTC(2024, 0, 1);
  const noise = opts.noise ?? 0;
  const out: Sample[] = [];
  for (let i = 0; i < opts.n; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    out.push({ t: start + i * step, v: shape(i) + noise * g });
  }
  return out;
}

/** Level `base`, jumping by `height` at sample `at`. */
export const stepAt = (base: number, at: number, height: number) => (i: number) =>
  i >= at ? base + height : base;

/** Level `base` with one spike of `height` at sample `at`. */
export const spikeAt = (base: number, at: number, height: number) => (i: number) =>
  i === at ? base + height : base;

/** A line from `base` rising by `perSample` each sample. */
export const ramp = (base: number, perSample: number) => (i: number) => base + perSample * i;

/** A sine of `amplitude` around `base` with a period of `period` samples. */
export const seasonal = (base: number, amplitude: number, period: number) => (i: number) =>
  base + amplitude * Math.sin((2 * Math.PI * i) / period);
