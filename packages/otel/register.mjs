// ESM entry: `node --import @claude-zen/otel app.mjs`. Registers the import-in-the-middle loader
// hook (limited to the modules we instrument) so `import`ed TensorFlow.js is patched too, then
// starts the same preload as `--require`.
import { createRequire, register } from 'node:module';

const require = createRequire(import.meta.url);
try {
  register('import-in-the-middle/hook.mjs', import.meta.url, {
    data: {
      include: [
        '@tensorflow/tfjs',
        '@tensorflow/tfjs-layers',
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-converter',
      ],
    },
  });
} catch (err) {
  process.stderr.write(
    `[claude-zen/otel] ESM loader hook not registered (${err?.message ?? err}); CommonJS instrumentation still works\n`,
  );
}
const api = require('./dist/register.js');

export const {
  swarm,
  neural,
  caches,
  setHttpRoute,
  registerAction,
  registerSwarmManager,
  registerNeuralManager,
  currentPreload,
  startPreload,
  loadConfig,
  ENV_VARS,
  ControlClient,
} = api;
