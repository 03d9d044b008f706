import { DetectError } from './errors.js';
import type { Sample } from './types.js';

/**
 * Parses a timestamp: ISO-like `2014-04-10 00:02:00` or `2014-04-10T00:02:00Z` (UTC unless a zone is
 * given), or a number (seconds since the epoch below 1e11, milliseconds above).
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return Math.abs(n) < 1e11 ? n * 1000 : n;
  }
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return Number.NaN;
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, ms);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offset = (Number(z[2]) * 60 + Number(z[3])) * 60_000;
    t -= z[1] === '+' ? offset : -offset;
  }
  return t;
}

/**
 * Parses a `timestamp,value` CSV (a header line first, as in NAB) into samples in file order.
 * A bad row is an error naming its line number; rows must be in time order.
 */
export function parseSeriesCsv(text: string, source = 'input'): Sample[] {
  const lines = text.split(/\r?\n/);
  const out: Sample[] = [];
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',');
    if (!headerSeen) {
      headerSeen = true;
      if (Number.isNaN(parseTimestamp(cells[0]))) continue; // the header line
    }
    const lineNo = i + 1;
    if (cells.length < 2)
      throw new DetectError(
        'invalid_csv',
        `${source}: bad row at line ${lineNo}: expected "timestamp,value"`,
      );
    const t = parseTimestamp(cells[0]);
    if (Number.isNaN(t))
      throw new DetectError(
        'invalid_csv',
        `${source}: bad row at line ${lineNo}: timestamp ${JSON.stringify(cells[0])} is not a time; use e.g. 2014-04-10 00:02:00`,
      );
    const v = Number(cells[1]);
    if (cells[1].trim() === '' || !Number.isFinite(v))
      throw new DetectError(
        'invalid_csv',
        `${source}: bad row at line ${lineNo}: value ${JSON.stringify(cells[1])} is not a finite number`,
      );
    if (out.length && t < out[out.length - 1].t)
      throw new DetectError(
        'invalid_csv',
        `${source}: bad row at line ${lineNo}: timestamp goes back in time; sort the file by timestamp`,
      );
    out.push({ t, v });
  }
  return out;
}
