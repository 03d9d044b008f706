export * from './alerts/history/index.js';
export * from './alerts/notify/index.js';
export * from './alerts/receivers/index.js';
export * from './alerts/state/index.js';
export * from './detect/index.js';
export * from './optimize/index.js';
export * from './query/index.js';
export * from './rules/index.js';
