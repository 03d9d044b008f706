export { JsonlAppender, type JsonlProblem, type JsonlRead, readJsonl } from './jsonl.js';
export { AlertHistory, type HistoryOptions } from './store.js';
export type * from './types.js';
