import type { Labels } from '../../model/labels.js';
import { METRIC_NAME } from '../../model/labels.js';
import { parseNumber, unquoteString } from '../parse/lexical.js';

/** One point of a series description: a float, a staleness marker, a native histogram, or nothing (`_`). */
export type PointSpec =
  | { kind: 'float'; v: number }
  | { kind: 'stale' }
  | { kind: 'histogram' }
  | { kind: 'none' };

export interface SeriesSpec {
  labels: Labels;
  points: PointSpec[];
}

/** Parses `name{a="b", c="d"}` at the start of `s`; returns the labels and the rest of the line. */
export function parseSeriesLabels(s: string): { labels: Labels; rest: string } {
  const labels: Record<string, string> = {};
  let i = 0;
  const nameMatch = /^[A-Za-z_:][\w:]*/.exec(s);
  if (nameMatch) {
    labels[METRIC_NAME] = nameMatch[0];
    i = nameMatch[0].length;
  }
  if (s[i] === '{') {
    i++;
    for (;;) {
      while (/\s|,/.test(s[i] ?? '')) i++;
      if (s[i] === '}') {
        i++;
        break;
      }
      let name: string;
      const q = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(s.slice(i));
      if (q) {
        name = unquoteString(q[0]);
        i += q[0].length;
      } else {
        const m = /^[A-Za-z_][\w]*/.exec(s.slice(i));
        if (!m) throw new Error(`bad label name at "${s.slice(i)}"`);
        name = m[0];
        i += name.length;
      }
      while (s[i] === ' ') i++;
      if (s[i] !== '=') {
        // `{"metric_name"}` form.
        labels[METRIC_NAME] = name;
        continue;
      }
      i++;
      while (s[i] === ' ') i++;
      const v = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/.exec(s.slice(i));
      if (!v) throw new Error(`bad label value at "${s.slice(i)}"`);
      labels[name] = unquoteString(v[0]);
      i += v[0].length;
    }
  } else if (!nameMatch) {
    throw new Error(`bad series description "${s}"`);
  }
  return { labels, rest: s.slice(i).trim() };
}

function num(s: string): number {
  let sign = 1;
  let t = s;
  if (t.startsWith('-')) {
    sign = -1;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  const v = parseNumber(t);
  if (v === undefined) throw new Error(`bad number "${s}"`);
  return sign * v;
}

const NUM = '[+-]?(?:[0-9][\\w.]*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?|[Ii]nf|[Nn]a[Nn])';
const EXPAND_RE = new RegExp(`^(${NUM})([+-])(${NUM})x(\\d+)$`);
const REPEAT_RE = new RegExp(`^(${NUM}|_|stale)x(\\d+)$`);

/** Splits the values part into tokens, keeping `{{...}}` histogram literals (with expansions) whole. */
function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === ' ' || s[i] === '\t') i++;
    if (i >= s.length) break;
    let j = i;
    let depth = 0;
    while (j < s.length) {
      if (s.startsWith('{{', j)) {
        depth++;
        j += 2;
        continue;
      }
      if (s.startsWith('}}', j)) {
        depth--;
        j += 2;
        continue;
      }
      if (depth === 0 && (s[j] === ' ' || s[j] === '\t')) break;
      j++;
    }
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

/** Expands the promtool series notation: `1 2 _ stale 1+2x3 5-1x2 _x3 {{...}}`. */
export function parseValues(s: string): PointSpec[] {
  const points: PointSpec[] = [];
  for (const tok of tokenize(s)) {
    if (tok.startsWith('{{')) {
      const m = /x(\d+)$/.exec(tok);
      const n = m && tok.lastIndexOf('}}') < tok.length - m[0].length + 1 ? Number(m[1]) + 1 : 1;
      for (let k = 0; k < n; k++) points.push({ kind: 'histogram' });
      continue;
    }
    if (tok === '_') {
      points.push({ kind: 'none' });
      continue;
    }
    if (tok === 'stale') {
      points.push({ kind: 'stale' });
      continue;
    }
    const e = EXPAND_RE.exec(tok);
    if (e) {
      const start = num(e[1]);
      const step = num(e[3]) * (e[2] === '-' ? -1 : 1);
      const n = Number(e[4]);
      let v = start;
      for (let k = 0; k <= n; k++) {
        points.push({ kind: 'float', v });
        v += step;
      }
      continue;
    }
    const r = REPEAT_RE.exec(tok);
    if (r) {
      // `_xN` is N blanks; `vxN` is N+1 values (Prometheus' series notation).
      const n = Number(r[2]) + (r[1] === '_' ? 0 : 1);
      for (let k = 0; k < n; k++) {
        if (r[1] === '_') points.push({ kind: 'none' });
        else if (r[1] === 'stale') points.push({ kind: 'stale' });
        else points.push({ kind: 'float', v: num(r[1]) });
      }
      continue;
    }
    points.push({ kind: 'float', v: num(tok) });
  }
  return points;
}

export function parseSeriesSpec(line: string): SeriesSpec {
  const { labels, rest } = parseSeriesLabels(line.trim());
  return { labels, points: parseValues(rest) };
}
