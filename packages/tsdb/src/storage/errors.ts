/** Machine-readable reason of a storage failure. */
export type TsdbErrorCode =
  | 'out_of_order'
  | 'duplicate_sample'
  | 'out_of_bounds'
  | 'invalid_sample'
  | 'invalid_labels'
  | 'invalid_option'
  | 'unknown_series_ref'
  | 'bad_matcher'
  | 'corrupt_chunk'
  | 'corrupt_block'
  | 'locked'
  | 'closed'
  | 'io';

/** The one error type of the storage engine: a stable `code` plus a message that names the fix. */
export class TsdbError extends Error {
  readonly code: TsdbErrorCode;

  constructor(code: TsdbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TsdbError';
    this.code = code;
  }
}
