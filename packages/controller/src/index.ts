export * from './alerts/state/index.js';
export * from './detect/index.js';
export * from './query/index.js';
export * from './rules/index.js';
