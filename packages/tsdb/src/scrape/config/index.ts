export * from './duration.js';
export * from './load.js';
export type * from './schema.js';
