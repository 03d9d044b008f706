/**
 * The patches on the real TensorFlow.js classes, in this process: one record per outermost call,
 * user callbacks of every shape tfjs accepts still run, failures of the instrumentation never
 * reach the model call, and disable() restores the originals.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceRecord, ModelInfo, TrainingStepRecord } from '../../collectors/neural/types.js';
import { TfjsInstrumentation } from './instrumentation.js';
import type { NeuralSink } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: tfjs is used untyped here (no @types in the package)
type Any = any;
const load = createRequire(__filename);
const tf: Any = load('@tensorflow/tfjs');

class Sink implements NeuralSink {
  inferences: InferenceRecord[] = [];
  steps: TrainingStepRecord[] = [];
  models: ModelInfo[] = [];
  throwing = false;
  recordInference(r: InferenceRecord) {
    if (this.throwing) throw new Error('sink broken');
    this.inferences.push(r);
  }
  recordTrainingStep(r: TrainingStepRecord) {
    if (this.throwing) throw new Error('sink broken');
    this.steps.push(r);
  }
  setModel(info: ModelInfo) {
    this.models.push(info);
  }
  reset() {
    this.inferences = [];
    this.steps = [];
    this.models = [];
  }
}

const sink = new Sink();
const inst = new TfjsInstrumentation({ enabled: false, sink });

function tinyModel(name: string) {
  const model = tf.sequential({
    name,
    layers: [
      tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  inst.patchLayers(tf);
  inst.patchConverter(tf);
});

afterAll(() => {
  inst.unpatchLayers(tf);
  inst.unpatchConverter(tf);
});

describe('inference', () => {
  it('records one inference per outermost predict (Sequential delegates to an inner model)', () => {
    sink.reset();
    const model = tinyModel('scorer');
    const x = tf.ones([5, 3]);
    const y = model.predict(x);
    expect(y.shape).toEqual([5, 1]);
    expect(sink.inferences).toHaveLength(1);
    expect(sink.inferences[0]).toMatchObject({ model: 'scorer', backend: 'cpu', batchSize: 5 });
    expect(sink.inferences[0].durationMs).toBeGreaterThan(0);
    expect(sink.models).toEqual([{ model: 'scorer', backend: 'cpu', memoryBytes: (3 * 4 + 4 + 4 + 1) * 4 }]);
    model.predictOnBatch(tf.ones([2, 3]));
    expect(sink.inferences.map((r) => r.batchSize)).toEqual([5, 2]);
  });

  it('records LayersModel.execute on a functional model', () => {
    sink.reset();
    const input = tf.input({ shape: [3] });
    const output = tf.layers.dense({ units: 2, name: 'head' }).apply(input);
    const model = tf.model({ inputs: input, outputs: output, name: 'functional' });
    const out = model.execute(tf.ones([6, 3]), output.name);
    expect(out.shape).toEqual([6, 2]);
    expect(sink.inferences).toMatchObject([{ model: 'functional', backend: 'cpu', batchSize: 6 }]);
  });

  it('lets the model’s own error through unchanged and records nothing', () => {
    sink.reset();
    const model = tinyModel('bad-input');
    expect(() => model.predict(tf.ones([2, 7]))).toThrow(/expected dense_.*input to have shape/);
    expect(sink.inferences).toHaveLength(0);
    // the nesting guard was released: the next call is recorded
    model.predict(tf.ones([1, 3]));
    expect(sink.inferences).toHaveLength(1);
  });

  it('never breaks predict when recording fails', () => {
    sink.reset();
    sink.throwing = true;
    try {
      const out = tinyModel('robust').predict(tf.ones([1, 3]));
      expect(out.shape).toEqual([1, 1]);
    } finally {
      sink.throwing = false;
    }
  });

  it('records GraphModel execute and executeAsync once each (predict → execute nests)', async () => {
    sink.reset();
    const graph = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: {
          node: [
            {
              name: 'x',
              op: 'Placeholder',
              attr: {
                dtype: { type: 'DT_FLOAT' },
                shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } },
              },
            },
            { name: 'y', op: 'Relu', input: ['x'], attr: { T: { type: 'DT_FLOAT' } } },
          ],
          versions: { producer: 1 },
        },
        weightSpecs: [],
        weightData: new ArrayBuffer(0),
      }),
    );
    const out = graph.predict(tf.tensor2d([[-1, 2]]));
    expect(Array.from(out.dataSync())).toEqual([0, 2]);
    const outAsync = await graph.executeAsync(tf.ones([4, 2]));
    expect(outAsync.shape).toEqual([4, 2]);
    await graph.predictAsync(tf.ones([3, 2]));
    expect(sink.inferences.map((r) => [r.model, r.batchSize])).toEqual([
      ['graph-model', 1],
      ['graph-model', 4],
      ['graph-model', 3],
    ]);
  });
});

describe('training', () => {
  const x = () => tf.randomNormal([8, 3]);
  const y = () => tf.randomUniform([8, 1]).round();

  async function fitWith(callbacks: unknown) {
    sink.reset();
    const model = tinyModel('trainee');
    const history = await model.fit(x(), y(), { epochs: 2, callbacks });
    expect(history.history.loss).toHaveLength(2);
    const epochs = sink.steps.filter((s) => s.epoch > 0);
    expect(epochs.map((s) => s.epoch)).toEqual([1, 2]);
    expect(epochs.every((s) => s.model === 'trainee' && s.totalEpochs === 2)).toBe(true);
    expect(epochs[1].loss).toBeGreaterThan(0);
    expect(epochs[1].accuracy).toBeGreaterThanOrEqual(0);
  }

  it('without callbacks', async () => {
    await fitWith(undefined);
  });

  it('with a callback config object (all of its hooks still run)', async () => {
    const seen: string[] = [];
    await fitWith({
      onEpochEnd: (epoch: number, logs: { loss: number }) => seen.push(`epoch ${epoch} ${typeof logs.loss}`),
      onTrainEnd: () => seen.push('end'),
    });
    expect(seen).toEqual(['epoch 0 number', 'epoch 1 number', 'end']);
  });

  it('with an array of callback configs', async () => {
    const seen: number[] = [];
    await fitWith([
      { onEpochEnd: (e: number) => seen.push(e) },
      { onEpochEnd: (e: number) => seen.push(10 + e) },
    ]);
    expect(seen).toEqual([0, 10, 1, 11]);
  });

  it('with a Callback instance (early stopping) and with an array of them', async () => {
    await fitWith(tf.callbacks.earlyStopping({ monitor: 'loss', patience: 5 }));
    class Counter extends tf.Callback {
      epochs = 0;
      async onEpochEnd() {
        this.epochs++;
      }
    }
    const counter = new Counter();
    await fitWith([counter]);
    expect(counter.epochs).toBe(2);
  });

  it('with a CustomCallback instance', async () => {
    let ends = 0;
    await fitWith(new tf.CustomCallback({ onEpochEnd: () => ends++ }));
    expect(ends).toBe(2);
  });

  it('reports fitDataset epochs', async () => {
    sink.reset();
    const model = tinyModel('dataset-trainee');
    const ds = tf.data
      .zip({ xs: tf.data.array(x().arraySync()), ys: tf.data.array(y().arraySync()) })
      .batch(4);
    await model.fitDataset(ds, { epochs: 2 });
    expect(sink.steps.filter((s) => s.epoch > 0).map((s) => [s.model, s.epoch, s.totalEpochs])).toEqual([
      ['dataset-trainee', 1, 2],
      ['dataset-trainee', 2, 2],
    ]);
  });
});

describe('disable', () => {
  it('restores the original methods', () => {
    const proto = tf.LayersModel.prototype;
    expect(proto.predict.__wrapped).toBe(true);
    inst.unpatchLayers(tf);
    expect(proto.predict.__wrapped).toBeUndefined();
    sink.reset();
    tinyModel('plain').predict(tf.ones([1, 3]));
    expect(sink.inferences).toHaveLength(0);
    inst.patchLayers(tf);
    expect(proto.predict.__wrapped).toBe(true);
  });
});
