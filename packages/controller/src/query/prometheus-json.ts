import type { Labels, MatrixSeries, Point, QueryResult, VectorSample } from '@claude-zen/tsdb';
import { QueryError } from './errors.js';

/** A sample value as the Prometheus API writes it: a string, with NaN and ±Inf spelled out. */
export function parseSampleValue(s: unknown): number {
  if (typeof s !== 'string') throw bad(`sample value ${JSON.stringify(s)} is not a string`);
  if (s === '+Inf' || s === 'Inf') return Number.POSITIVE_INFINITY;
  if (s === '-Inf') return Number.NEGATIVE_INFINITY;
  if (s === 'NaN') return Number.NaN;
  const v = Number(s);
  if (Number.isNaN(v)) throw bad(`sample value ${JSON.stringify(s)} is not a number`);
  return v;
}

function point(pair: unknown): Point {
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'number')
    throw bad(`expected [time, "value"], got ${JSON.stringify(pair)?.slice(0, 80)}`);
  return { t: Math.round(pair[0] * 1000), v: parseSampleValue(pair[1]) };
}

function labels(m: unknown): Labels {
  if (!m || typeof m !== 'object') throw bad('series without a "metric" object');
  return m as Labels;
}

/** The `data` of a successful /api/v1/query(_range) response → QueryResult (times in ms). */
export function parseQueryData(data: unknown): QueryResult {
  const d = data as { resultType?: unknown; result?: unknown };
  switch (d?.resultType) {
    case 'vector': {
      const out: VectorSample[] = [];
      for (const s of asArray(d.result) as { metric: unknown; value?: unknown }[])
        if (s.value !== undefined) out.push({ metric: labels(s.metric), point: point(s.value) });
      return { resultType: 'vector', result: out };
    }
    case 'matrix': {
      const out: MatrixSeries[] = [];
      for (const s of asArray(d.result) as { metric: unknown; values?: unknown }[])
        out.push({ metric: labels(s.metric), points: asArray(s.values ?? []).map(point) });
      return { resultType: 'matrix', result: out };
    }
    case 'scalar':
      return { resultType: 'scalar', result: point(d.result) };
    case 'string': {
      const p = d.result as [number, string];
      if (!Array.isArray(p)) throw bad('string result is not [time, "text"]');
      return { resultType: 'string', result: { t: Math.round(p[0] * 1000), v: String(p[1]) } };
    }
    default:
      throw bad(`unknown resultType ${JSON.stringify(d?.resultType)}`);
  }
}

function asArray(x: unknown): unknown[] {
  if (!Array.isArray(x)) throw bad('"result" is not an array');
  return x;
}

function bad(what: string): QueryError {
  return new QueryError('bad_response', `the backend's answer is not a Prometheus API response: ${what}`);
}
