import * as tf from '@tensorflow/tfjs';
import { FEATURES, randomRow, ruleLabel } from './features.js';

export interface TrainingResult {
  epochs: number;
  loss: number;
  accuracy: number;
}

/**
 * The task-scoring model: a 3-layer MLP (FEATURES → 128 → 64 → 1). Inference and training go
 * through the plain tfjs API; the preload's TensorFlow.js instrumentation measures both.
 */
export class TaskModel {
  readonly model: tf.Sequential;
  private training?: Promise<TrainingResult>;

  constructor(readonly name = 'task-scorer') {
    this.model = tf.sequential({
      name,
      layers: [
        tf.layers.dense({ units: 128, inputShape: [FEATURES], activation: 'relu' }),
        tf.layers.dense({ units: 64, activation: 'relu' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    this.model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  }

  /** Scores rows (each FEATURES numbers) in one predict call. */
  predict(rows: readonly (readonly number[])[]): number[] {
    return tf.tidy(() => {
      const out = this.model.predict(tf.tensor2d(rows as number[][], [rows.length, FEATURES])) as tf.Tensor;
      return Array.from(out.dataSync());
    });
  }

  get isTraining(): boolean {
    return this.training !== undefined;
  }

  /** Resolves when no training is running (backend switches wait for it). */
  async idle(): Promise<void> {
    while (this.training) await this.training.catch(() => undefined);
  }

  /** A few epochs on fresh synthetic data labelled by the hidden rule; one training at a time. */
  async train(epochs = 3, samples = 256): Promise<TrainingResult> {
    await this.idle();
    const run = this.fit(epochs, samples);
    this.training = run;
    try {
      return await run;
    } finally {
      this.training = undefined;
    }
  }

  private async fit(epochs: number, samples: number): Promise<TrainingResult> {
    const rows = Array.from({ length: samples }, () => randomRow());
    const xs = tf.tensor2d(rows, [samples, FEATURES]);
    const ys = tf.tensor2d(
      rows.map((r) => [ruleLabel(r)]),
      [samples, 1],
    );
    try {
      const h = await this.model.fit(xs, ys, { epochs, batchSize: 32, shuffle: true });
      const last = (key: string) => Number((h.history[key] as number[] | undefined)?.at(-1) ?? Number.NaN);
      return { epochs, loss: last('loss'), accuracy: last('acc') };
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}
