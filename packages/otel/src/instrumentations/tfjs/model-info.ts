import { DEFAULT_GRAPH_MODEL_NAME } from './semconv.js';
import type { ModelLike, TensorLike } from './types.js';

/** Bytes per element by tfjs dtype; strings are not counted. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

function isTensor(x: unknown): x is TensorLike {
  return typeof x === 'object' && x !== null && Array.isArray((x as TensorLike).shape);
}

/**
 * Examples in an inference call: the first dimension of the (first) input tensor. Inputs may be a
 * Tensor, an array of Tensors or a map of named Tensors (GraphModel). 1 when it cannot be told.
 */
export function batchSize(inputs: unknown): number {
  let first: unknown = inputs;
  if (Array.isArray(inputs)) first = inputs[0];
  else if (!isTensor(inputs) && typeof inputs === 'object' && inputs !== null)
    first = Object.values(inputs)[0];
  if (!isTensor(first)) return 1;
  const dim = first.shape[0];
  return typeof dim === 'number' && dim > 0 ? dim : 1;
}

/** Names tfjs generates for unnamed models: "sequential_12", "model_3". */
const GENERATED_NAME = /^(sequential|model)_\d+$/;

/**
 * The model's name: `model.name` (LayersModel, Sequential; user-settable), else for a GraphModel
 * the folder of its model URL ("…/mobilenet/model.json" → "mobilenet"). Names tfjs generates
 * ("sequential_12") lose their counter, so an app creating models in a loop cannot grow the
 * number of series without bound: name models (`tf.sequential({ name })`) to tell them apart.
 */
export function modelName(model: ModelLike, fallback = DEFAULT_GRAPH_MODEL_NAME): string {
  if (typeof model.name === 'string' && model.name) {
    const generated = GENERATED_NAME.exec(model.name);
    return generated ? generated[1] : model.name;
  }
  const url = model.modelUrl;
  if (typeof url === 'string' && url) {
    const parts = url.split(/[?#]/)[0].split('/').filter(Boolean);
    const last = parts.length > 1 && /\.json$/i.test(parts[parts.length - 1]) ? parts.length - 2 : -1;
    if (last >= 0 && parts[last] && !parts[last].endsWith(':')) return parts[last];
  }
  return fallback;
}

/**
 * Bytes held by the model's weights: element count × bytes per element, summed over
 * `model.weights` (an array of variables for layers models, a map of tensor arrays for graph
 * models). undefined when the model is not built yet or exposes no weights.
 */
export function weightBytes(model: ModelLike): number | undefined {
  let weights: unknown;
  try {
    weights = model.weights;
  } catch {
    return undefined;
  }
  const list: unknown[] = Array.isArray(weights)
    ? weights
    : typeof weights === 'object' && weights !== null
      ? Object.values(weights).flat()
      : [];
  let bytes = 0;
  for (const w of list) {
    if (!isTensor(w)) continue;
    const per = DTYPE_BYTES[w.dtype ?? 'float32'] ?? 0;
    const size = typeof w.size === 'number' ? w.size : w.shape.reduce((a, b) => a * b, 1);
    bytes += size * per;
  }
  return list.length > 0 ? bytes : undefined;
}
