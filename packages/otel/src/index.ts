/**
 * `@claude-zen/otel` as a library: the typed push APIs (swarm, neural, caches), manager
 * registration, custom control actions, and HTTP route naming. Importing it does not start the
 * preload; `node --require @claude-zen/otel` (or `--import`) does.
 */

export { CATALOGUE, type CatalogueEntry } from './catalogue.js';
export { setHttpRoute } from './collectors/api/collector.js';
export { caches } from './collectors/memory/caches.js';
export { neural } from './collectors/neural/recorder.js';
export type * from './collectors/neural/types.js';
export { swarm } from './collectors/swarm/recorder.js';
export type * from './collectors/swarm/types.js';
export { type ConfigProblem, loadConfig, type PreloadConfig } from './config/load.js';
export { ENV_VARS } from './config/schema.js';
export { ControlClient, registerAction } from './control/index.js';
export type * from './control/types.js';
export { registerNeuralManager, registerSwarmManager } from './managers/registry.js';
export { currentPreload } from './preload.js';
export type { Preload } from './sdk/start.js';
export { startPreload } from './sdk/start.js';
