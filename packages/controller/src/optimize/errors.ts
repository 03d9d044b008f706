export type OptimizeErrorCode = 'invalid_config' | 'unknown_optimization' | 'control_failed' | 'audit_failed';

/** The optimizer's one error type: a code and a message naming the field or the cause. */
export class OptimizeError extends Error {
  override readonly name = 'OptimizeError';
  constructor(
    readonly code: OptimizeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
