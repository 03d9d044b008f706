// Inference time of the service's task-scoring MLP (32 → 128 → 64 → 1) on the tfjs cpu and wasm
// backends, by batch size: the effect of the enable-wasm action. Run after `npx tsc -b`:
//   node examples/swarm-service/bench/backends.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.env.OTEL_SDK_DISABLED = 'true'; // the model imports @claude-zen/otel; no preload here
const tf = require('@tensorflow/tfjs');
const { BackendControl } = require('../dist/model/backend.js');
const { TaskModel } = require('../dist/model/mlp.js');
const { randomRow } = require('../dist/model/features.js');

const backend = new BackendControl();
await backend.init();
const model = new TaskModel('bench-scorer');
const rows = (n) => Array.from({ length: n }, () => randomRow());

/** Median over 7 rounds of the mean predict time (ms): robust to a busy machine. */
function time(batch) {
  const x = rows(batch);
  for (let i = 0; i < 5; i++) model.predict(x);
  const runs = Math.max(5, Math.round(500 / batch));
  const rounds = [];
  for (let r = 0; r < 7; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) model.predict(x);
    rounds.push(Number(process.hrtime.bigint() - start) / runs / 1e6);
  }
  return rounds.sort((a, b) => a - b)[3];
}

const batches = [1, 16, 64, 128, 256, 512];
const result = {};
for (const name of ['cpu', 'wasm']) {
  await backend.use(name);
  result[name] = batches.map(time);
}
console.log(`tfjs ${tf.version.tfjs}, node ${process.version}`);
console.log('batch | cpu ms | wasm ms | speed-up');
console.log('----: | -----: | ------: | -------:');
batches.forEach((b, i) => {
  const [c, w] = [result.cpu[i], result.wasm[i]];
  console.log(`${b} | ${c.toFixed(3)} | ${w.toFixed(3)} | ${(c / w).toFixed(1)}x`);
});
