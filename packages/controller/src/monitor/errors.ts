/** What went wrong in the controller service: `invalid_config` names the field. */
export type MonitorErrorCode = 'invalid_config' | 'backend_unreachable' | 'port_in_use' | 'not_started';

export class MonitorError extends Error {
  constructor(
    readonly code: MonitorErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'MonitorError';
  }
}
