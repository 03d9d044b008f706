export * from './anomaly-gauges.js';
export * from './candidates.js';
export * from './context.js';
export * from './correlate.js';
export * from './enrich.js';
export * from './impact.js';
export * from './known-causes.js';
export * from './types.js';
