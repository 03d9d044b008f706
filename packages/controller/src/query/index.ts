export { EmbeddedBackend, type EmbeddedBackendOptions } from './embedded.js';
export { QueryError, type QueryErrorCode } from './errors.js';
export { PrometheusHttpBackend, type PrometheusHttpOptions } from './prometheus-http.js';
export { parseQueryData, parseSampleValue } from './prometheus-json.js';
export type * from './types.js';
