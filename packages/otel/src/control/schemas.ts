import { MAX_LEASE_MS, MIN_LEASE_MS } from './options.js';
import { compileSchema } from './validation.js';

/** Body of POST /v1/actions/:name/apply. */
export const applyBody = compileSchema({
  type: 'object',
  properties: {
    parameters: { type: 'object' },
    leaseMs: { type: 'integer', minimum: MIN_LEASE_MS, maximum: MAX_LEASE_MS },
  },
  additionalProperties: false,
});

/** Body of confirm and rollback: nothing, or an empty object. */
export const emptyBody = compileSchema({ type: 'object', additionalProperties: false });

/** Body of POST /v1/diagnostics/heap-snapshot: `download: false` keeps the file and answers its path. */
export const heapSnapshotBody = compileSchema({
  type: 'object',
  properties: { download: { type: 'boolean' } },
  additionalProperties: false,
});
