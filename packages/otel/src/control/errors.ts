/** Machine-readable reason of a control-endpoint failure. */
export type ControlErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'body_too_large'
  | 'bad_json'
  | 'invalid_request'
  | 'unknown_action'
  | 'unknown_change'
  | 'conflict'
  | 'apply_failed'
  | 'rollback_failed'
  | 'invalid_action'
  | 'invalid_options'
  | 'internal';

const STATUS: Record<ControlErrorCode, number> = {
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  body_too_large: 413,
  bad_json: 400,
  invalid_request: 400,
  unknown_action: 404,
  unknown_change: 404,
  conflict: 409,
  apply_failed: 500,
  rollback_failed: 500,
  invalid_action: 500,
  invalid_options: 500,
  internal: 500,
};

/** The control endpoint's one error type: a code, a message saying what to fix, an HTTP status. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  readonly status: number;

  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** A thrown value as one line of text, never a stack trace. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
