export * from './detach.js';
export * from './exposition.js';
export * from './negotiate.js';
export * from './normalize.js';
export * from './openmetrics.js';
export { parseFloatToken } from './scanner.js';
export * from './text.js';
export type * from './types.js';
