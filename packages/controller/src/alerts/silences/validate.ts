import { SilenceError } from './errors.js';
import { parseMatchers } from './matchers.js';
import type { Silence } from './types.js';

function time(v: unknown, field: string): number {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(t))
    throw new SilenceError(
      'invalid_silence',
      'must be a time: ms since the epoch or an ISO date like "2026-01-01T00:00:00Z"',
      field,
    );
  return t;
}

function text(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new SilenceError('invalid_silence', 'is required (a non-empty string)', key);
  return v;
}

/** Checks a silence request; every error names its field. `now` is the default start. */
export function parseSilence(raw: unknown, id: string, now: number): Silence {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SilenceError(
      'invalid_silence',
      'a silence is an object { matchers, endsAt, createdBy, comment, startsAt? }',
    );
  const o = raw as Record<string, unknown>;
  const matchers = parseMatchers(o.matchers, 'matchers');
  const startsAt = o.startsAt === undefined ? now : time(o.startsAt, 'startsAt');
  if (o.endsAt === undefined) throw new SilenceError('invalid_silence', 'is required', 'endsAt');
  const endsAt = time(o.endsAt, 'endsAt');
  if (endsAt <= startsAt) throw new SilenceError('invalid_silence', 'must be after startsAt', 'endsAt');
  if (endsAt <= now) throw new SilenceError('invalid_silence', 'is in the past', 'endsAt');
  return { id, matchers, startsAt, endsAt, createdBy: text(o, 'createdBy'), comment: text(o, 'comment') };
}
