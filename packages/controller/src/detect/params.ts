import { DetectError } from './errors.js';
import type { ParamSpec, ParamSpecs, RawParams, Sample } from './types.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `500ms`, `30s`, `5m`, `1h`, `1d`, `1w` (or a plain number of milliseconds). */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] ?? 'ms'];
}

function fail(detector: string, key: string, what: string): never {
  throw new DetectError('invalid_param', `detector "${detector}": parameter "${key}" ${what}`);
}

function resolveOne(detector: string, key: string, spec: ParamSpec, raw: unknown): unknown {
  switch (spec.type) {
    case 'number': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n))
        fail(detector, key, `must be a number, got ${JSON.stringify(raw)}; e.g. ${key}=${spec.default ?? 1}`);
      if (spec.integer && !Number.isInteger(n)) fail(detector, key, `must be a whole number, got ${n}`);
      if (spec.min !== undefined && n < spec.min) fail(detector, key, `must be >= ${spec.min}, got ${n}`);
      if (spec.max !== undefined && n > spec.max) fail(detector, key, `must be <= ${spec.max}, got ${n}`);
      return n;
    }
    case 'duration': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseDuration(raw) : undefined;
      if (n === undefined || !Number.isFinite(n) || n < 0)
        fail(
          detector,
          key,
          `must be a duration such as 30s, 5m, 1h, 1d (or milliseconds), got ${JSON.stringify(raw)}`,
        );
      if (spec.min !== undefined && n < spec.min)
        fail(detector, key, `must be at least ${spec.min} ms, got ${n} ms`);
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === '1' || raw === 'yes') return true;
      if (raw === 'false' || raw === '0' || raw === 'no') return false;
      return fail(detector, key, `must be true or false, got ${JSON.stringify(raw)}`);
    }
    case 'enum': {
      if (typeof raw === 'string' && spec.values.includes(raw)) return raw;
      return fail(detector, key, `must be one of ${spec.values.join(', ')}, got ${JSON.stringify(raw)}`);
    }
  }
}

/**
 * Validates raw parameters against a detector's specs and fills in defaults. Unknown names and
 * missing required values are errors that name the parameter and the fix.
 */
export function resolveParams<P>(detector: string, specs: ParamSpecs, raw: RawParams = {}): P {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (raw[key] !== undefined && !(key in specs)) {
      const known = Object.keys(specs).join(', ') || '(none)';
      throw new DetectError(
        'invalid_param',
        `detector "${detector}": unknown parameter "${key}"; known parameters: ${known}`,
      );
    }
  }
  for (const [key, spec] of Object.entries(specs)) {
    const value = raw[key];
    if (value === undefined) {
      if (spec.default === undefined && spec.type === 'number' && spec.optional) continue;
      if (spec.default === undefined) fail(detector, key, `is required; give it, e.g. ${key}=<${spec.type}>`);
      out[key] = spec.default;
    } else out[key] = resolveOne(detector, key, spec, value);
  }
  return out as P;
}

/** Checks that samples have finite timestamps and values in ascending time order. */
export function validateSamples(detector: string, samples: readonly Sample[]): void {
  if (!Array.isArray(samples))
    throw new DetectError('invalid_samples', `detector "${detector}": samples must be an array of { t, v }`);
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    if (!s || !Number.isFinite(s.t) || !Number.isFinite(s.v))
      throw new DetectError(
        'invalid_samples',
        `detector "${detector}": sample ${i} must have a finite t (ms) and v; drop NaN/Inf values before scoring`,
      );
    if (s.t < prev)
      throw new DetectError(
        'invalid_samples',
        `detector "${detector}": sample ${i} is older than sample ${i - 1}; sort samples by time`,
      );
    prev = s.t;
  }
}

/** Checks one streaming point. */
export function validatePoint(detector: string, t: number, v: number, lastT: number): void {
  if (!Number.isFinite(t) || !Number.isFinite(v))
    throw new DetectError(
      'invalid_samples',
      `detector "${detector}": t and v must be finite numbers, got t=${t} v=${v}`,
    );
  if (t < lastT)
    throw new DetectError(
      'invalid_samples',
      `detector "${detector}": t=${t} is older than the previous point (${lastT}); feed points in time order`,
    );
}

/** The window a detector's score() judges: validated, in time order, and never empty. */
export function scoringWindow(detector: string, input: Sample | readonly Sample[]): readonly Sample[] {
  const w = asWindow(input);
  validateSamples(detector, w);
  if (w.length === 0)
    throw new DetectError(
      'invalid_samples',
      `detector "${detector}": nothing to score; give at least one sample`,
    );
  return w;
}

/** The window argument as an array (a single sample is a window of one). */
export function asWindow(input: Sample | readonly Sample[]): readonly Sample[] {
  return Array.isArray(input) ? input : [input as Sample];
}
