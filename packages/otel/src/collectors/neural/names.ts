/**
 * Neural instruments (project namespace `claude_zen.neural`). The model is named by the GenAI
 * semantic conventions' `gen_ai.request.model`, the operation by `gen_ai.operation.name`.
 */
export const NEURAL_NETWORKS_ACTIVE = 'claude_zen.neural.networks.active';
export const NEURAL_INFERENCE_DURATION = 'claude_zen.neural.inference.duration';
export const NEURAL_INFERENCES = 'claude_zen.neural.inferences';
export const NEURAL_INFERENCE_EXAMPLES = 'claude_zen.neural.inference.examples';
export const NEURAL_TRAINING_EPOCH = 'claude_zen.neural.training.epoch';
export const NEURAL_TRAINING_EPOCHS_TOTAL = 'claude_zen.neural.training.epochs';
export const NEURAL_TRAINING_LOSS = 'claude_zen.neural.training.loss';
export const NEURAL_TRAINING_ACCURACY = 'claude_zen.neural.training.accuracy';
export const NEURAL_TRAINING_ETA = 'claude_zen.neural.training.eta';
export const NEURAL_TRAINING_ACTIVE = 'claude_zen.neural.training.active';
export const NEURAL_MODEL_ACCURACY = 'claude_zen.neural.model.accuracy';
export const NEURAL_MODEL_MEMORY = 'claude_zen.neural.model.memory';
export const NEURAL_WASM_ENABLED = 'claude_zen.neural.wasm.enabled';

export const ATTR_MODEL = 'gen_ai.request.model';
export const ATTR_OPERATION = 'gen_ai.operation.name';
export const ATTR_BACKEND = 'claude_zen.neural.backend';

/** Inference is usually fast: buckets from 100 µs to 10 s. */
export const INFERENCE_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 10,
];
