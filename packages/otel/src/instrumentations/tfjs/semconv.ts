/**
 * What the TensorFlow.js instrumentation hooks: the packages, the versions it supports and the
 * methods it wraps. Metric names and attributes are the neural collector's (`claude_zen.neural.*`,
 * `gen_ai.request.model`, `claude_zen.neural.backend`): this instrumentation only feeds the
 * `neural` recorder.
 */

/** The umbrella package; re-exports LayersModel, Sequential and GraphModel. */
export const MODULE_TFJS = '@tensorflow/tfjs';
/** Defines LayersModel and Sequential (predict, predictOnBatch, execute, fit, fitDataset). */
export const MODULE_LAYERS = '@tensorflow/tfjs-layers';
/** Defines GraphModel (predict, predictAsync, execute, executeAsync). */
export const MODULE_CONVERTER = '@tensorflow/tfjs-converter';
/** Owns the engine; read for `getBackend()`. */
export const MODULE_CORE = '@tensorflow/tfjs-core';

export const SUPPORTED_VERSIONS = ['>=3.0.0 <5'];

/** Synchronous inference methods: timed around the call. */
export const LAYERS_SYNC_METHODS = ['predict', 'predictOnBatch', 'execute'] as const;
/** Training methods: progress read from an injected epoch-end callback. */
export const LAYERS_FIT_METHODS = ['fit', 'fitDataset'] as const;
export const GRAPH_SYNC_METHODS = ['predict', 'execute'] as const;
/** Asynchronous inference methods: timed until the returned promise settles. */
export const GRAPH_ASYNC_METHODS = ['predictAsync', 'executeAsync'] as const;

/** Name used for a GraphModel whose URL gives no better one. */
export const DEFAULT_GRAPH_MODEL_NAME = 'graph-model';
