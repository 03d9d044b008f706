import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusReader } from '../../export/prometheus/reader.js';
import { managers, registerNeuralManager } from '../../managers/registry.js';
import { NeuralCollector } from './collector.js';
import { estimateEta, NeuralRecorder } from './recorder.js';

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  managers.neural.clear();
});

function setup() {
  const reader = new PrometheusReader({ host: '127.0.0.1', port: 0, cardinalityLimit: 2000 });
  provider = new MeterProvider({ readers: [reader] });
  const recorder = new NeuralRecorder();
  const collector = new NeuralCollector({ meter: provider.getMeter('t'), intervalMs: 60_000 }, recorder);
  return { reader, recorder, collector };
}

describe('NeuralCollector', () => {
  it('exports inferences by model and backend, training progress and wasm state', async () => {
    const { reader, recorder } = setup();
    recorder.recordInference({ model: 'mlp', backend: 'cpu', durationMs: 2, batchSize: 8 });
    recorder.recordInference({ model: 'mlp', backend: 'wasm', durationMs: 0.3 });
    const t0 = Date.now();
    recorder.recordTrainingStep({ model: 'mlp', epoch: 1, totalEpochs: 11, loss: 0.9 }, t0);
    recorder.recordTrainingStep({ model: 'mlp', epoch: 2, accuracy: 0.7 }, t0 + 2000);
    const text = await reader.text();
    expect(text).toMatch(
      /claude_zen_neural_inference_duration_seconds_count\{gen_ai_request_model="mlp",claude_zen_neural_backend="cpu",gen_ai_operation_name="inference"\} 1/,
    );
    expect(text).toMatch(/claude_zen_neural_inference_examples_total\{[^}]*backend="cpu"[^}]*\} 8/);
    expect(text).toContain('claude_zen_neural_wasm_enabled 1');
    expect(text).toContain('claude_zen_neural_networks_active 1');
    expect(text).toMatch(/claude_zen_neural_training_epoch\{gen_ai_request_model="mlp"[^}]*\} 2/);
    expect(text).toMatch(/claude_zen_neural_training_epochs\{[^}]*\} 11/);
    expect(text).toMatch(/claude_zen_neural_training_loss\{[^}]*\} 0.9/);
    expect(text).toMatch(/claude_zen_neural_training_eta_seconds\{[^}]*\} 18/); // 9 epochs left × 2 s
  });

  it('polls managers in the seed shape', async () => {
    const { reader, collector } = setup();
    registerNeuralManager({
      getActiveNetworks: () => [
        {
          id: 'ranker',
          getRecentInferenceMetrics: () => [4, 6],
          isWasmAccelerated: () => false,
          isTraining: () => true,
          getTrainingState: () => ({
            epoch: 5,
            totalEpochs: 10,
            currentLoss: 0.2,
            estimatedTimeRemaining: 30,
          }),
          getMemoryUsage: () => 2048,
        },
      ],
    });
    await collector.sample();
    const text = await reader.text();
    expect(text).toMatch(
      /claude_zen_neural_inference_duration_seconds_sum\{gen_ai_request_model="ranker"[^}]*\} 0.01/,
    );
    expect(text).toMatch(/claude_zen_neural_training_eta_seconds\{gen_ai_request_model="ranker"[^}]*\} 30/);
    expect(text).toMatch(/claude_zen_neural_model_memory_bytes\{gen_ai_request_model="ranker"[^}]*\} 2048/);
  });

  it('estimates time remaining from the observed pace', () => {
    expect(estimateEta(0, 0, 2, 10, 4000)).toBe(16);
    expect(estimateEta(0, 3, 3, 10, 4000)).toBeUndefined();
  });
});
