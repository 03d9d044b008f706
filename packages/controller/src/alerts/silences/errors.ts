/** What went wrong with a silence: `invalid_silence` names the field; `not_found` the id. */
export type SilenceErrorCode = 'invalid_silence' | 'not_found' | 'unwritable';

export class SilenceError extends Error {
  constructor(
    readonly code: SilenceErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'SilenceError';
  }
}
