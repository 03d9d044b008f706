export interface InferenceRecord {
  model: string;
  /** Execution backend: "cpu", "wasm", "webgl", "tensorflow", ... */
  backend: string;
  durationMs?: number;
  durationSeconds?: number;
  /** Examples in the batch (defaults to 1). */
  batchSize?: number;
}

export interface TrainingStepRecord {
  model: string;
  epoch: number;
  totalEpochs?: number;
  loss?: number;
  accuracy?: number;
  /** Estimated time remaining, in seconds; estimated from epoch pace when omitted. */
  etaSeconds?: number;
}

export interface ModelInfo {
  model: string;
  backend?: string;
  accuracy?: number;
  memoryBytes?: number;
}

export interface TrainingStateLike {
  epoch: number;
  totalEpochs: number;
  currentLoss?: number;
  currentAccuracy?: number;
  /** Seconds (the seed's estimatedTimeRemaining). */
  estimatedTimeRemaining?: number;
}

/** The seed's neural manager, duck-typed; read at collection time. Methods may be sync or async. */
export interface NeuralManagerLike {
  getActiveNetworks(): NeuralNetworkLike[] | Promise<NeuralNetworkLike[]>;
}

export interface NeuralNetworkLike {
  id?: string;
  name?: string;
  /** Recent inference durations in milliseconds. */
  getRecentInferenceMetrics?(): number[] | Promise<number[]>;
  isWasmAccelerated?(): boolean;
  isTraining?(): boolean;
  getTrainingState?(): TrainingStateLike | Promise<TrainingStateLike>;
  getAccuracy?(): number | Promise<number>;
  getMemoryUsage?(): number | Promise<number>;
}
