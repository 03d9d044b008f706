export * from './file-discovery.js';
