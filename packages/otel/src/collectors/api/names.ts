/** Instruments of the API collector (stable HTTP semantic conventions where they exist). */
export const HTTP_SERVER_REQUEST_DURATION = 'http.server.request.duration';
export const HTTP_SERVER_ACTIVE_REQUESTS = 'http.server.active_requests';
export const API_THROUGHPUT = 'claude_zen.api.throughput';
export const API_ERROR_RATIO = 'claude_zen.api.error.ratio';

export const ATTR_METHOD = 'http.request.method';
export const ATTR_STATUS = 'http.response.status_code';
export const ATTR_ROUTE = 'http.route';
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_STATUS_CLASS = 'http.response.status_class';

/** The semantic conventions' advised buckets for http.server.request.duration (seconds). */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const KNOWN_METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

/** Unknown methods are reported as `_OTHER`, as the conventions require (bounded cardinality). */
export function normalizeMethod(method: string | undefined): string {
  return method && KNOWN_METHODS.has(method) ? method : '_OTHER';
}
