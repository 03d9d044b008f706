import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import { seconds } from '../swarm/recorder.js';
import {
  ATTR_BACKEND,
  ATTR_MODEL,
  ATTR_OPERATION,
  INFERENCE_BUCKETS,
  NEURAL_INFERENCE_DURATION,
  NEURAL_INFERENCE_EXAMPLES,
  NEURAL_INFERENCES,
} from './names.js';
import type { InferenceRecord, ModelInfo, TrainingStepRecord } from './types.js';

export interface ModelState {
  backend: string;
  accuracy?: number;
  memoryBytes?: number;
  lastSeen: number;
  training?: {
    epoch: number;
    totalEpochs?: number;
    loss?: number;
    accuracy?: number;
    etaSeconds?: number;
    startedAt: number;
    startEpoch: number;
    updatedAt: number;
  };
}

/** Training that has not reported a step for this long is no longer counted as active. */
export const TRAINING_IDLE_MS = 5 * 60_000;

/**
 * The typed push API for neural telemetry (`import { neural } from '@claude-zen/otel'`): record
 * inferences and training steps, describe models. Safe before or without the preload.
 */
export class NeuralRecorder {
  readonly models = new Map<string, ModelState>();
  wasmEnabled = false;
  private duration?: Histogram;
  private inferences?: Counter;
  private examples?: Counter;
  private readonly attrCache = new Map<string, Attributes>();

  bind(meter: Meter): void {
    this.duration = meter.createHistogram(NEURAL_INFERENCE_DURATION, {
      description: 'Duration of model inference calls, by model and backend.',
      unit: 's',
      advice: { explicitBucketBoundaries: INFERENCE_BUCKETS },
    });
    this.inferences = meter.createCounter(NEURAL_INFERENCES, {
      description: 'Inference calls.',
      unit: '{inference}',
    });
    this.examples = meter.createCounter(NEURAL_INFERENCE_EXAMPLES, {
      description: 'Examples scored by inference calls (batch sizes summed).',
      unit: '{example}',
    });
  }

  model(name: string, now = Date.now()): ModelState {
    let m = this.models.get(name);
    if (!m) {
      m = { backend: 'unknown', lastSeen: now };
      this.models.set(name, m);
    }
    m.lastSeen = now;
    return m;
  }

  recordInference(r: InferenceRecord): void {
    if (!r?.model) return;
    const s = seconds(r);
    if (s === undefined) return;
    const backend = r.backend || 'unknown';
    const m = this.model(r.model);
    m.backend = backend;
    if (backend === 'wasm') this.wasmEnabled = true;
    const attrs = this.attrs(r.model, backend);
    this.duration?.record(s, attrs);
    this.inferences?.add(1, attrs);
    this.examples?.add(r.batchSize && r.batchSize > 0 ? r.batchSize : 1, attrs);
  }

  recordTrainingStep(r: TrainingStepRecord, now = Date.now()): void {
    if (!r?.model || !Number.isFinite(r.epoch)) return;
    const m = this.model(r.model, now);
    const prev = m.training;
    const fresh = !prev || r.epoch < prev.epoch || now - prev.updatedAt > TRAINING_IDLE_MS;
    const t = fresh
      ? { epoch: r.epoch, startedAt: now, startEpoch: r.epoch, updatedAt: now }
      : { ...prev, epoch: r.epoch, updatedAt: now };
    m.training = {
      ...t,
      totalEpochs: r.totalEpochs ?? prev?.totalEpochs,
      loss: r.loss ?? (fresh ? undefined : prev?.loss),
      accuracy: r.accuracy ?? (fresh ? undefined : prev?.accuracy),
      etaSeconds:
        r.etaSeconds ??
        estimateEta(t.startedAt, t.startEpoch, r.epoch, r.totalEpochs ?? prev?.totalEpochs, now),
    };
    if (r.accuracy !== undefined) m.accuracy = r.accuracy;
  }

  setModel(info: ModelInfo): void {
    if (!info?.model) return;
    const m = this.model(info.model);
    if (info.backend) m.backend = info.backend;
    if (info.accuracy !== undefined) m.accuracy = info.accuracy;
    if (info.memoryBytes !== undefined) m.memoryBytes = info.memoryBytes;
  }

  removeModel(name: string): void {
    this.models.delete(name);
  }

  setWasmAcceleration(enabled: boolean): void {
    this.wasmEnabled = Boolean(enabled);
  }

  private attrs(model: string, backend: string): Attributes {
    const key = `${model}\0${backend}`;
    let a = this.attrCache.get(key);
    if (!a) {
      a = { [ATTR_MODEL]: model, [ATTR_BACKEND]: backend, [ATTR_OPERATION]: 'inference' };
      if (this.attrCache.size > 10_000) this.attrCache.clear();
      this.attrCache.set(key, a);
    }
    return a;
  }
}

/** Seconds left at the pace observed since training started; undefined before the 2nd epoch. */
export function estimateEta(
  startedAt: number,
  startEpoch: number,
  epoch: number,
  totalEpochs: number | undefined,
  now: number,
): number | undefined {
  if (!totalEpochs || epoch <= startEpoch) return undefined;
  const perEpoch = (now - startedAt) / 1000 / (epoch - startEpoch);
  return Math.max(0, (totalEpochs - epoch) * perEpoch);
}

/** The process-wide neural recorder behind `import { neural } from '@claude-zen/otel'`. */
export const neural = new NeuralRecorder();
