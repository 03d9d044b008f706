import { describe, expect, it } from 'vitest';
import { batchSize, modelName, weightBytes } from './model-info.js';

const t = (shape: number[], dtype = 'float32') => ({ shape, dtype });

describe('batchSize', () => {
  it('reads the first dimension of a tensor, an array of tensors or a tensor map', () => {
    expect(batchSize(t([32, 4]))).toBe(32);
    expect(batchSize([t([8, 4]), t([9, 2])])).toBe(8);
    expect(batchSize({ input: t([5, 3]) })).toBe(5);
  });
  it('is 1 when it cannot tell', () => {
    expect(batchSize(undefined)).toBe(1);
    expect(batchSize([])).toBe(1);
    expect(batchSize(t([]))).toBe(1);
    expect(batchSize('x')).toBe(1);
  });
});

describe('modelName', () => {
  it('prefers model.name, else the folder of a graph model URL', () => {
    expect(modelName({ name: 'scorer' })).toBe('scorer');
    expect(modelName({ name: 'sequential_12' })).toBe('sequential');
    expect(modelName({ name: 'model_3' })).toBe('model');
    expect(modelName({ name: 'model_v2' })).toBe('model_v2');
    expect(modelName({ modelUrl: 'https://host/models/mobilenet/model.json?v=2' })).toBe('mobilenet');
    expect(modelName({ modelUrl: 'file:///srv/m/classifier/model.json' })).toBe('classifier');
    expect(modelName({ modelUrl: 'model.json' })).toBe('graph-model');
    expect(modelName({ modelUrl: { load() {} } })).toBe('graph-model');
  });
});

describe('weightBytes', () => {
  it('sums element counts times dtype sizes over arrays and maps of weights', () => {
    expect(weightBytes({ weights: [t([3, 4]), t([4]), t([2], 'bool')] })).toBe(16 * 4 + 2);
    expect(weightBytes({ weights: { a: [t([2, 2])], b: [t([3], 'int32')] } })).toBe(28);
  });
  it('is undefined without weights or when reading them throws', () => {
    expect(weightBytes({})).toBeUndefined();
    expect(weightBytes({ weights: [] })).toBeUndefined();
    const broken = {
      get weights(): unknown {
        throw new Error('not built');
      },
    };
    expect(weightBytes(broken)).toBeUndefined();
  });
});
