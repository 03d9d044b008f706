/** Prometheus API error types and the HTTP status Prometheus answers each with. */
export const API_ERROR_STATUS = {
  bad_data: 400,
  unauthorized: 401,
  not_found: 404,
  execution: 422,
  canceled: 499,
  internal: 500,
  timeout: 503,
  unavailable: 503,
} as const;

export type ApiErrorType = keyof typeof API_ERROR_STATUS;

/** An error answered as `{"status":"error","errorType":...,"error":...}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly type: ApiErrorType,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return API_ERROR_STATUS[this.type];
  }
}

export function invalidParam(param: string, message: string): ApiError {
  return new ApiError('bad_data', `invalid parameter ${JSON.stringify(param)}: ${message}`);
}

/**
 * Maps an engine error (PromQLError, duck-typed on `.type`) to the API error Prometheus returns:
 * parse/type errors are bad parameters, limits and runtime failures are `execution`.
 */
export function fromEngineError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as { type?: unknown; message?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(e);
  switch (err?.type) {
    case 'bad_data':
      return invalidParam('query', message);
    case 'timeout':
      return new ApiError('timeout', message);
    case 'canceled':
      return new ApiError('canceled', message);
    case 'execution':
      return new ApiError('execution', message);
    case 'internal':
      return new ApiError('internal', message);
    default:
      return new ApiError('execution', message);
  }
}
