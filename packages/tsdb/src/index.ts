export * from './api/index.js';
export * from './importer/index.js';
export * from './model/labels.js';
export * from './model/value.js';
export type * from './promql/types.js';
export * from './scrape/index.js';
export * from './storage/index.js';
export type * from './storage/types.js';
