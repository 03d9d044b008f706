export { fingerprint } from './fingerprint.js';
export { AlertStateMachine } from './machine.js';
export type * from './types.js';
