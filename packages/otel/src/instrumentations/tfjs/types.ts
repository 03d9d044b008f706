import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { InferenceRecord, ModelInfo, TrainingStepRecord } from '../../collectors/neural/types.js';

/** Where measurements go: the process-wide `neural` recorder unless a test passes its own. */
export interface NeuralSink {
  recordInference(r: InferenceRecord): void;
  recordTrainingStep(r: TrainingStepRecord): void;
  setModel(info: ModelInfo): void;
}

export interface TfjsInstrumentationConfig extends InstrumentationConfig {
  /** Receives inferences, training steps and model sizes; defaults to `neural`. */
  sink?: NeuralSink;
}

/** The parts of a tfjs Tensor this instrumentation reads. */
export interface TensorLike {
  shape: number[];
  dtype?: string;
  size?: number;
}

/** A LayersModel, Sequential or GraphModel, structurally. */
export interface ModelLike {
  name?: string;
  modelUrl?: unknown;
  weights?: unknown;
}

/** `fit(x, y, args)` / `fitDataset(dataset, args)` options this instrumentation reads or extends. */
export interface FitArgsLike {
  epochs?: number;
  initialEpoch?: number;
  callbacks?: unknown;
  [key: string]: unknown;
}

/** tfjs-layers' CustomCallback constructor: `new CustomCallback({ onEpochEnd }, yieldEvery)`. */
export type CustomCallbackCtor = new (args: Record<string, unknown>, yieldEvery?: unknown) => object;

/** tfjs-layers' exports this instrumentation uses. */
export interface LayersExports {
  LayersModel?: { prototype: object };
  Sequential?: { prototype: object };
  Callback?: abstract new (...args: never[]) => object;
  CustomCallback?: CustomCallbackCtor;
}

export interface ConverterExports {
  GraphModel?: { prototype: object };
}

export interface CoreExports {
  getBackend?: () => string | undefined;
}
