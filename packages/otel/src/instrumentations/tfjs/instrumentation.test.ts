/**
 * TensorFlow.js auto-instrumentation in real host processes: a tiny tfjs app with no
 * instrumentation code, started with `--require @claude-zen/otel` (CommonJS) and with
 * `--import @claude-zen/otel` (ESM), predicts and fits 2 epochs; its /metrics must show the
 * inferences by model and backend and the training progress. And an app where tfjs is not
 * installed runs unharmed with CLAUDE_ZEN_TFJS on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../../test/support/ports.js';
import { type Child, startChild } from '../../../../../test/support/processes.js';
import { waitFor } from '../../../../../test/support/wait.js';

const root = join(__dirname, '../../../../..');
const fixtures = join(__dirname, 'fixtures');
const preloadDist = join(root, 'packages/otel/dist/register.js');
const children: Child[] = [];

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
});

async function runApp(flag: '--require' | '--import', app: string, model: string, cwd = root) {
  const port = await freePort();
  const child = startChild(process.execPath, [flag, '@claude-zen/otel', app], {
    cwd,
    env: {
      ...process.env,
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      CLAUDE_ZEN_COLLECTORS: 'neural',
      CLAUDE_ZEN_TFJS: 'true',
      CLAUDE_ZEN_CONTROL_TOKEN: '',
      MODEL_NAME: model,
    },
  });
  children.push(child);
  const ready = await waitFor(
    `${app} to print "ready"`,
    () => {
      if (child.proc.exitCode !== null) throw new Error(`app exited: ${child.output()}`);
      const m = /ready (\{.*\})/.exec(child.output());
      return m ? (JSON.parse(m[1]) as { userEpochs: number }) : undefined;
    },
    45_000,
  );
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return { child, ready, metrics: await res.text() };
}

/** Value of the first sample whose name matches and whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe.each([
  ['--require', 'train-and-predict.cjs'],
  ['--import', 'train-and-predict.mjs'],
] as const)('tfjs app started with %s', (flag, file) => {
  it('reports inferences by model and backend, training progress and model memory', async () => {
    const model = `tiny-${flag.slice(2)}`;
    const { child, ready, metrics } = await runApp(flag, join(fixtures, file), model);
    const labels = { gen_ai_request_model: model, claude_zen_neural_backend: 'cpu' };
    expect(ready.userEpochs, 'the app’s own epoch callback still runs').toBe(2);
    expect(sample(metrics, 'claude_zen_neural_inference_duration_seconds_count', labels)).toBe(3);
    // 3 predict calls on a batch of 16
    expect(sample(metrics, 'claude_zen_neural_inference_examples_total', labels)).toBe(48);
    expect(sample(metrics, 'claude_zen_neural_inference_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(sample(metrics, 'claude_zen_neural_training_epoch', labels)).toBe(2);
    expect(sample(metrics, 'claude_zen_neural_training_epochs', labels)).toBe(2);
    expect(sample(metrics, 'claude_zen_neural_training_loss', labels)).toBeGreaterThan(0);
    expect(sample(metrics, 'claude_zen_neural_training_accuracy_ratio', labels)).toBeGreaterThanOrEqual(0);
    // dense 4→8 and 8→1: (4·8 + 8 + 8·1 + 1) float32 weights
    expect(sample(metrics, 'claude_zen_neural_model_memory_bytes', labels)).toBe(49 * 4);
    expect(child.output()).not.toMatch(/tfjs instrumentation/);
  }, 60_000);
});

describe('ESM app importing @tensorflow/tfjs-layers directly', () => {
  it('is instrumented under --import (the loader hook sees the import)', async () => {
    const { metrics } = await runApp('--import', join(fixtures, 'layers-direct.mjs'), 'direct');
    const labels = { gen_ai_request_model: 'direct', claude_zen_neural_backend: 'cpu' };
    expect(sample(metrics, 'claude_zen_neural_inference_examples_total', labels)).toBe(4);
  }, 60_000);
});

describe('app without TensorFlow.js installed', () => {
  it('runs, and its failed require is its own business', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'czm-notfjs-'));
    try {
      const app = join(dir, 'app.js');
      writeFileSync(
        app,
        `let found = true;
try { require('@tensorflow/tfjs'); } catch (err) { found = err.code !== 'MODULE_NOT_FOUND'; }
process.stdout.write('ready ' + JSON.stringify({ userEpochs: 0, found }) + '\\n');
setInterval(() => {}, 60000);
`,
      );
      // run from the temp folder by absolute path: @tensorflow/tfjs cannot be resolved from there
      const port = await freePort();
      const child = startChild(process.execPath, ['--require', preloadDist, app], {
        cwd: dir,
        env: { ...process.env, OTEL_EXPORTER_PROMETHEUS_PORT: String(port), CLAUDE_ZEN_TFJS: 'true' },
      });
      children.push(child);
      const out = await waitFor(
        'the app to start',
        () => {
          if (child.proc.exitCode !== null) throw new Error(`app exited: ${child.output()}`);
          return /ready (\{.*\})/.exec(child.output())?.[1];
        },
        45_000,
      );
      expect(JSON.parse(out)).toEqual({ userEpochs: 0, found: false });
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('claude_zen_neural_networks_active 0');
      expect(child.output()).not.toMatch(/tfjs|Error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
