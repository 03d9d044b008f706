/** Why a query failed. `bad_data`/`execution`/`timeout`/`canceled` mirror Prometheus' errorType. */
export type QueryErrorCode =
  | 'bad_data'
  | 'execution'
  | 'timeout'
  | 'canceled'
  | 'unreachable'
  | 'unauthorized'
  | 'bad_response'
  | 'internal';

/** The one error type of every query backend: a code and a message saying what to do. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
