import type { Meter, ObservableResult } from '@opentelemetry/api';
import { errorMessage, logOnce } from '../../diag/log.js';
import { managers } from '../../managers/registry.js';
import { Sampler } from '../sampler.js';
import type { Collector, CollectorContext } from '../types.js';
import {
  ATTR_BACKEND,
  ATTR_MODEL,
  NEURAL_MODEL_ACCURACY,
  NEURAL_MODEL_MEMORY,
  NEURAL_NETWORKS_ACTIVE,
  NEURAL_TRAINING_ACCURACY,
  NEURAL_TRAINING_ACTIVE,
  NEURAL_TRAINING_EPOCH,
  NEURAL_TRAINING_EPOCHS_TOTAL,
  NEURAL_TRAINING_ETA,
  NEURAL_TRAINING_LOSS,
  NEURAL_WASM_ENABLED,
} from './names.js';
import {
  neural as defaultRecorder,
  type ModelState,
  type NeuralRecorder,
  TRAINING_IDLE_MS,
} from './recorder.js';
import type { NeuralNetworkLike } from './types.js';

/** Models not seen (no inference, no manager report) for this long are no longer active. */
const ACTIVE_FOR_MS = 10 * 60_000;

/**
 * Neural metrics: active networks, training progress, model accuracy and memory, WASM
 * acceleration. Inference timings arrive through the `neural` recorder (pushed by the app or
 * by the TensorFlow.js instrumentation); registered neural managers are polled on the interval.
 */
export class NeuralCollector implements Collector {
  readonly name = 'neural';
  private readonly sampler: Sampler;

  constructor(
    ctx: CollectorContext,
    private readonly recorder: NeuralRecorder = defaultRecorder,
  ) {
    recorder.bind(ctx.meter);
    this.registerGauges(ctx.meter);
    this.sampler = new Sampler('neural', ctx.intervalMs, () => this.sample());
  }

  start(): void {
    this.sampler.start();
  }

  stop(): void {
    this.sampler.stop();
  }

  async sample(now = Date.now()): Promise<void> {
    for (const m of managers.neural) {
      let networks: NeuralNetworkLike[];
      try {
        networks = (await m.getActiveNetworks()) ?? [];
      } catch (err) {
        logOnce(
          'neural-manager',
          `neural manager getActiveNetworks() failed (ignored): ${errorMessage(err)}`,
        );
        continue;
      }
      for (const [i, n] of networks.entries()) await this.readNetwork(n, i, now);
    }
  }

  private async readNetwork(n: NeuralNetworkLike, index: number, now: number): Promise<void> {
    const name = String(n.name ?? n.id ?? `network-${index}`);
    const state = this.recorder.model(name, now);
    try {
      if (typeof n.isWasmAccelerated === 'function') {
        const wasm = Boolean(n.isWasmAccelerated());
        state.backend = wasm ? 'wasm' : state.backend === 'wasm' ? 'cpu' : state.backend;
        if (wasm) this.recorder.wasmEnabled = true;
      }
      if (typeof n.getRecentInferenceMetrics === 'function') {
        const times = (await n.getRecentInferenceMetrics()) ?? [];
        for (const ms of times)
          this.recorder.recordInference({ model: name, backend: state.backend, durationMs: ms });
      }
      if (typeof n.getAccuracy === 'function') state.accuracy = Number(await n.getAccuracy());
      if (typeof n.getMemoryUsage === 'function') state.memoryBytes = Number(await n.getMemoryUsage());
      if (typeof n.isTraining === 'function' && n.isTraining() && typeof n.getTrainingState === 'function') {
        const t = await n.getTrainingState();
        this.recorder.recordTrainingStep(
          {
            model: name,
            epoch: t.epoch,
            totalEpochs: t.totalEpochs,
            loss: t.currentLoss,
            accuracy: t.currentAccuracy,
            etaSeconds: t.estimatedTimeRemaining,
          },
          now,
        );
      }
    } catch (err) {
      logOnce(
        `neural-network:${name}`,
        `neural network ${name}: manager call failed (ignored): ${errorMessage(err)}`,
      );
    }
  }

  private registerGauges(meter: Meter): void {
    const active = () => {
      const now = Date.now();
      return [...this.recorder.models].filter(([, m]) => now - m.lastSeen <= ACTIVE_FOR_MS);
    };
    const training = () => {
      const now = Date.now();
      return active().filter(([, m]) => m.training && now - m.training.updatedAt <= TRAINING_IDLE_MS);
    };
    meter
      .createObservableGauge(NEURAL_NETWORKS_ACTIVE, {
        description: 'Neural networks in use.',
        unit: '{network}',
      })
      .addCallback((r) => r.observe(active().length));
    meter
      .createObservableGauge(NEURAL_WASM_ENABLED, {
        description: '1 when WASM acceleration is on.',
        unit: '',
      })
      .addCallback((r) => r.observe(this.recorder.wasmEnabled ? 1 : 0));
    const gauge = (
      name: string,
      description: string,
      unit: string,
      list: () => [string, ModelState][],
      pick: (m: ModelState) => number | undefined,
    ) =>
      meter.createObservableGauge(name, { description, unit }).addCallback((r: ObservableResult) => {
        for (const [model, m] of list()) {
          const v = pick(m);
          if (v !== undefined && Number.isFinite(v))
            r.observe(v, { [ATTR_MODEL]: model, [ATTR_BACKEND]: m.backend });
        }
      });
    gauge(NEURAL_MODEL_ACCURACY, 'Model accuracy (0..1).', '1', active, (m) => m.accuracy);
    gauge(
      NEURAL_MODEL_MEMORY,
      'Memory held by the model (weights and tensors).',
      'By',
      active,
      (m) => m.memoryBytes,
    );
    gauge(NEURAL_TRAINING_ACTIVE, '1 while the model is training.', '', active, (m) =>
      m.training && Date.now() - m.training.updatedAt <= TRAINING_IDLE_MS ? 1 : 0,
    );
    gauge(NEURAL_TRAINING_EPOCH, 'Current training epoch.', '{epoch}', training, (m) => m.training?.epoch);
    gauge(
      NEURAL_TRAINING_EPOCHS_TOTAL,
      'Planned training epochs.',
      '{epoch}',
      training,
      (m) => m.training?.totalEpochs,
    );
    gauge(NEURAL_TRAINING_LOSS, 'Training loss at the last step.', '', training, (m) => m.training?.loss);
    gauge(
      NEURAL_TRAINING_ACCURACY,
      'Training accuracy at the last step.',
      '1',
      training,
      (m) => m.training?.accuracy,
    );
    gauge(
      NEURAL_TRAINING_ETA,
      'Estimated time until training ends.',
      's',
      training,
      (m) => m.training?.etaSeconds,
    );
  }
}
