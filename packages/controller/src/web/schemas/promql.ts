import { arr, labels, obj, oneOf, type Schema, str } from './common.js';

/** A [time in seconds, "value"] pair, as Prometheus writes samples. */
const pair: Schema = {
  type: 'array',
  items: [{ type: 'number' }, { type: 'string' }],
  minItems: 2,
  maxItems: 2,
};

/** The Prometheus HTTP API's query response (success). */
export const promResponseSchema: Schema = obj(
  {
    status: oneOf(['success']),
    data: obj({
      resultType: oneOf(['vector', 'matrix', 'scalar', 'string']),
      result: {
        anyOf: [
          arr({
            type: 'object',
            properties: { metric: labels, value: pair, values: arr(pair) },
            required: ['metric'],
          }),
          pair,
          { type: 'array', items: [{ type: 'number' }, { type: 'string' }] },
        ],
      },
    }),
  },
  ['status', 'data'],
);

/** The Prometheus HTTP API's error response. */
export const promErrorSchema: Schema = obj({ status: oneOf(['error']), errorType: str, error: str });

const time: Schema = { type: 'string', description: 'unix seconds (float) or RFC 3339' };

export const instantQuerySchema: Schema = {
  type: 'object',
  properties: { query: { type: 'string', minLength: 1, maxLength: 10_000 }, time },
  required: ['query'],
};

export const rangeQuerySchema: Schema = {
  type: 'object',
  properties: {
    query: { type: 'string', minLength: 1, maxLength: 10_000 },
    start: time,
    end: time,
    step: { type: 'string', description: 'seconds (float) or a duration like 15s' },
  },
  required: ['query', 'start', 'end', 'step'],
};
