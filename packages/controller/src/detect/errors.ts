/** Why a detector refused its input. */
export type DetectErrorCode = 'invalid_param' | 'invalid_samples' | 'unknown_detector' | 'invalid_csv';

/** The one error type of the detectors: a code for programs and a message, with the fix, for people. */
export class DetectError extends Error {
  override readonly name = 'DetectError';
  constructor(
    readonly code: DetectErrorCode,
    message: string,
  ) {
    super(message);
  }
}
