export * from './chunks/xor.js';
export * from './errors.js';
export * from './head/appender.js';
export * from './head/head.js';
export * from './head/mem-series.js';
export * from './head/querier.js';
export type * from './head/wal-sink.js';
export * from './index/matchers.js';
export * from './index/postings.js';
