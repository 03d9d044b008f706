import { parsePromDuration } from '../scrape/config/duration.js';
import { invalidParam } from './errors.js';

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A time parameter as Prometheus reads it: unix seconds with an optional fraction (rounded to
 * the millisecond) or RFC 3339. Returns ms since the epoch.
 */
export function parseTimeParam(name: string, raw: unknown, fallback?: number): number {
  const s = single(raw);
  if (s === undefined || s === '') {
    if (fallback !== undefined) return fallback;
    throw invalidParam(name, `cannot parse "" to a valid timestamp`);
  }
  const f = Number(s);
  if (s.trim() !== '' && !Number.isNaN(f) && Number.isFinite(f)) {
    const whole = Math.trunc(f);
    return whole * 1000 + Math.round((f - whole) * 1000);
  }
  const m = RFC3339.exec(s);
  if (m) {
    const frac = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
    const ms = Date.parse(`${m[1]}T${m[2]}.${frac}${m[4].toUpperCase()}`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw invalidParam(name, `cannot parse ${JSON.stringify(s)} to a valid timestamp`);
}

/** A duration parameter: float seconds or a Prometheus duration. Returns ms. */
export function parseDurationParam(name: string, raw: unknown): number {
  const s = single(raw) ?? '';
  const f = Number(s);
  if (s.trim() !== '' && !Number.isNaN(f)) {
    const ms = f * 1000;
    if (!Number.isFinite(ms) || Math.abs(ms) > 9.2e15) {
      throw invalidParam(name, `cannot parse ${JSON.stringify(s)} to a valid duration. It overflows int64`);
    }
    return Math.round(ms);
  }
  const d = parsePromDuration(s);
  if (d === undefined) throw invalidParam(name, `cannot parse ${JSON.stringify(s)} to a valid duration`);
  return d;
}

/** The last value of a parameter that may be repeated. */
export function single(raw: unknown): string | undefined {
  if (Array.isArray(raw)) return raw.length ? String(raw[raw.length - 1]) : undefined;
  return raw === undefined || raw === null ? undefined : String(raw);
}

/** Every value of a repeatable parameter such as `match[]`. */
export function multi(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}
