/** The service's one error type: a code for machines, a message that names the field and the fix. */
export type ServiceErrorCode =
  | 'invalid_config'
  | 'invalid_request'
  | 'not_found'
  | 'unauthorized'
  | 'payload_too_large'
  | 'injected_fault'
  | 'unavailable';

const STATUS: Record<ServiceErrorCode, number> = {
  invalid_config: 500,
  invalid_request: 400,
  not_found: 404,
  unauthorized: 401,
  payload_too_large: 413,
  injected_fault: 500,
  unavailable: 503,
};

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  get status(): number {
    return STATUS[this.code];
  }
}
