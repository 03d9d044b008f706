import type { Sample } from '../types.js';

/** Holt's double exponential smoothing state: level at the last sample and trend per ms. */
export interface HoltState {
  level: number;
  trend: number;
}

/**
 * Fits Holt's linear method over irregularly spaced samples: the trend is per millisecond and each
 * step's trend update uses the actual gap between samples.
 */
export function holtFit(samples: readonly Sample[], alpha: number, beta: number): HoltState {
  if (samples.length === 0) return { level: 0, trend: 0 };
  let level = samples[0].v;
  let trend = 0;
  if (samples.length > 1) {
    const dt = samples[1].t - samples[0].t;
    trend = dt > 0 ? (samples[1].v - samples[0].v) / dt : 0;
  }
  for (let i = 1; i < samples.length; i++) {
    const dt = samples[i].t - samples[i - 1].t;
    const prevLevel = level;
    level = alpha * samples[i].v + (1 - alpha) * (level + trend * dt);
    if (dt > 0) trend = beta * ((level - prevLevel) / dt) + (1 - beta) * trend;
  }
  return { level, trend };
}

/** The forecast `ahead` ms after the last fitted sample. */
export function holtForecast(s: HoltState, ahead: number): number {
  return s.level + s.trend * ahead;
}
