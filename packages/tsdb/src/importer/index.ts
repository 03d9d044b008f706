export * from './openmetrics-import.js';
