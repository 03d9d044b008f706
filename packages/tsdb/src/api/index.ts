export * from './encode.js';
export * from './errors.js';
export * from './format.js';
export { parseDurationParam, parseTimeParam } from './params.js';
export * from './selector.js';
export * from './server.js';
export type * from './types.js';
