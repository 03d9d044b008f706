import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { neural } from '@claude-zen/otel';
import type { TaskModel } from './mlp.js';

export type BackendName = 'cpu' | 'wasm';

/**
 * Which tfjs backend runs the model. Starts on "cpu" (the wasm backend is registered, with a
 * higher priority, so it is selected explicitly). Switches wait for a running training to end.
 */
export class BackendControl {
  private model?: TaskModel;

  /** Backend switches will wait for this model's training to end. */
  guard(model: TaskModel): void {
    this.model = model;
  }

  async init(): Promise<void> {
    await this.use('cpu');
  }

  current(): string {
    return tf.getBackend() ?? 'none';
  }

  /** Live tensors (a leak of tensors shows here first). */
  tensors(): number {
    return tf.memory().numTensors;
  }

  /** Switches backend; returns the previous one. */
  async use(name: BackendName): Promise<string> {
    const previous = this.current();
    await this.model?.idle();
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend "${name}" could not be initialised`);
    await tf.ready();
    neural.setWasmAcceleration(name === 'wasm');
    return previous;
  }
}
