export * from './config/index.js';
export * from './discovery/index.js';
export * from './errors.js';
export * from './fetch-exposition.js';
export * from './parse/index.js';
export * from './scrape-loop.js';
export * from './scrape-manager.js';
export * from './target-labels.js';
