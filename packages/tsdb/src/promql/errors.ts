import type { PromQLErrorType } from './types.js';

/**
 * The one error type of the PromQL engine: a Prometheus API error type, a message and,
 * for parse errors, the 0-based character offset in the query.
 * `unsupported` is set when the query needs a feature this engine does not implement
 * (native histograms, experimental functions); it names the feature.
 */
export class PromQLError extends Error {
  readonly type: PromQLErrorType;
  readonly position?: number;
  readonly unsupported?: string;

  constructor(
    type: PromQLErrorType,
    message: string,
    opts: { position?: number; unsupported?: string } = {},
  ) {
    super(message);
    this.name = 'PromQLError';
    this.type = type;
    this.position = opts.position;
    this.unsupported = opts.unsupported;
  }

  /** Prometheus' error code name for the API (same as `type`). */
  get code(): PromQLErrorType {
    return this.type;
  }
}

/** A parse/type error at `pos` in `query`, formatted like Prometheus: `1:7: parse error: ...`. */
export function parseError(query: string, pos: number, msg: string, unsupported?: string): PromQLError {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < query.length; i++) {
    if (query[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  const col = pos - lineStart + 1;
  return new PromQLError('bad_data', `${line}:${col}: parse error: ${msg}`, { position: pos, unsupported });
}

export function executionError(msg: string): PromQLError {
  return new PromQLError('execution', msg);
}
