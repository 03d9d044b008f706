export type NotifyErrorCode =
  | 'invalid_config'
  | 'delivery_failed'
  | 'invalid_payload'
  | 'unauthorized'
  | 'payload_too_large'
  | 'history_unwritable';

/**
 * The one error type of alert notification, history and receivers. `field` names the config or
 * payload field at fault (`channels[1].url`, `alerts[0].labels`) when there is one; `retryable`
 * says whether a delivery may succeed when tried again.
 */
export class NotifyError extends Error {
  override readonly name = 'NotifyError';
  constructor(
    readonly code: NotifyErrorCode,
    message: string,
    readonly field?: string,
    readonly retryable = false,
  ) {
    super(field === undefined ? message : `${field}: ${message}`);
  }
}
