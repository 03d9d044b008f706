export * from './detect/index.js';
