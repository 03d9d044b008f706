import { describe, expect, it } from 'vitest';
import type { TaskModel } from './mlp.js';
import { Scorer } from './scorer.js';

/** A stand-in model: the score of a row is its first value; records each call's batch size. */
function fakeModel() {
  const batches: number[] = [];
  const model = {
    predict(rows: readonly (readonly number[])[]) {
      batches.push(rows.length);
      return rows.map((r) => r[0]);
    },
  };
  return { model: model as unknown as TaskModel, batches };
}

describe('Scorer', () => {
  it('makes one predict call per request without batching', async () => {
    const { model, batches } = fakeModel();
    const scorer = new Scorer(model);
    expect(await Promise.all([scorer.score([0.1]), scorer.score([0.2])])).toEqual([0.1, 0.2]);
    expect(batches).toEqual([1, 1]);
  });

  it('groups requests into batches of at most maxBatch, flushing the rest after maxWaitMs', async () => {
    const { model, batches } = fakeModel();
    const scorer = new Scorer(model);
    expect(scorer.setBatching({ maxBatch: 4, maxWaitMs: 5 })).toBeUndefined();
    const scores = await Promise.all(Array.from({ length: 10 }, (_, i) => scorer.score([i])));
    expect(scores).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batches).toEqual([4, 4, 2]);
    expect(scorer.setBatching(undefined)).toEqual({ maxBatch: 4, maxWaitMs: 5 });
  });

  it('pads calls to padTo rows and returns only the requested scores', () => {
    const { model, batches } = fakeModel();
    const scorer = new Scorer(model);
    scorer.padTo = 64;
    expect(scorer.run([[0.5], [0.7]])).toEqual([0.5, 0.7]);
    expect(batches).toEqual([64]);
  });

  it('rejects every request of a batch whose predict fails', async () => {
    const model = {
      predict() {
        throw new Error('backend lost');
      },
    } as unknown as TaskModel;
    const scorer = new Scorer(model);
    scorer.setBatching({ maxBatch: 2, maxWaitMs: 1 });
    const results = await Promise.allSettled([scorer.score([1]), scorer.score([2])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
