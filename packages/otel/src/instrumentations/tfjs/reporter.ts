import { errorMessage, logOnce } from '../../diag/log.js';
import type { BackendResolver } from './backend.js';
import { batchSize, modelName, weightBytes } from './model-info.js';
import type { ModelLike, NeuralSink } from './types.js';

/** Epoch logs as tfjs passes them to onEpochEnd (values resolved to numbers by then). */
export type EpochLogs = Record<string, unknown> | undefined;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Turns what the patched tfjs methods observe into `neural` records. Every method swallows its
 * own failures (logged once): instrumentation must never break a model call.
 */
export class TfjsReporter {
  /** Models whose size was reported, with the name it was reported under. */
  private readonly described = new WeakMap<object, string>();

  constructor(
    private readonly sink: () => NeuralSink,
    readonly backend: BackendResolver,
  ) {}

  inference(model: ModelLike, inputs: unknown, durationMs: number): void {
    try {
      const name = modelName(model);
      const backend = this.backend.current();
      this.describe(model, name, backend);
      this.sink().recordInference({ model: name, backend, durationMs, batchSize: batchSize(inputs) });
    } catch (err) {
      logOnce('tfjs-inference', `tfjs instrumentation: an inference was not recorded: ${errorMessage(err)}`);
    }
  }

  epoch(model: ModelLike, epoch: number, totalEpochs: number | undefined, logs: EpochLogs): void {
    try {
      const name = modelName(model);
      this.describe(model, name, this.backend.current());
      this.sink().recordTrainingStep({
        model: name,
        epoch,
        totalEpochs,
        loss: num(logs?.loss),
        accuracy: num(logs?.acc) ?? num(logs?.accuracy),
      });
    } catch (err) {
      logOnce('tfjs-epoch', `tfjs instrumentation: a training step was not recorded: ${errorMessage(err)}`);
    }
  }

  /** Reports the model's weight memory the first time it is seen under a name. */
  describe(model: ModelLike, name = modelName(model), backend = this.backend.current()): void {
    if (this.described.get(model) === name) return;
    const memoryBytes = weightBytes(model);
    if (memoryBytes === undefined) return;
    this.described.set(model, name);
    this.sink().setModel({ model: name, backend, memoryBytes });
  }
}
