import type { QueryResult } from '../promql/types.js';
import { formatTime, formatValue } from './format.js';

type ApiPoint = [number, string];

/** The `data` of a query response, values as strings and times as float seconds. */
export function encodeQueryResult(r: QueryResult): {
  resultType: QueryResult['resultType'];
  result: unknown;
} {
  switch (r.resultType) {
    case 'vector':
      return {
        resultType: 'vector',
        result: r.result.map((s) => ({
          metric: { ...s.metric },
          value: [formatTime(s.point.t), formatValue(s.point.v)] as ApiPoint,
        })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: r.result.map((s) => ({
          metric: { ...s.metric },
          values: s.points.map((p) => [formatTime(p.t), formatValue(p.v)] as ApiPoint),
        })),
      };
    case 'scalar':
      return { resultType: 'scalar', result: [formatTime(r.result.t), formatValue(r.result.v)] };
    case 'string':
      return { resultType: 'string', result: [formatTime(r.result.t), r.result.v] };
  }
}
