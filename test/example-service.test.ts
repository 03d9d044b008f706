/**
 * The example swarm service as users run it: built, started as a real child process with only
 * `--require @claude-zen/otel`, the control token set, free ports. Tasks go in over HTTP; /metrics
 * shows swarm and neural metrics; the service's own actions act through the control endpoint
 * (enable-wasm really moves inference to the "wasm" backend, and back on rollback).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';
import { waitFor } from './support/wait.js';

const TOKEN = 'example-service-token-0123456789';
/** Quick swarm and neural loops, no background load: the tests submit the tasks themselves. */
const TUNING = {
  CLAUDE_ZEN_SWARM_INTERVAL_MS: '300',
  CLAUDE_ZEN_NEURAL_INTERVAL_MS: '300',
  AGENTS: '4',
  LOAD_RPS: '0',
  TRAIN_INTERVAL_MS: '0',
};
const promtool = findBinary('promtool');
let service: SwarmService;
let api: string;
let metricsUrl: string;
let control: string;

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const post = (
  url: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) => json(url, { method: 'POST', headers, body: JSON.stringify(body) });

/** Sum of the samples of `name` whose labels include all of `labels`. */
function sum(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
    seen = true;
  }
  return seen ? total : Number.NaN;
}

const metrics = async () => (await fetch(metricsUrl)).text();

async function inferences(backend: string): Promise<number> {
  const n = sum(await metrics(), 'claude_zen_neural_inference_duration_seconds_count', {
    gen_ai_request_model: 'task-scorer',
    claude_zen_neural_backend: backend,
  });
  return Number.isNaN(n) ? 0 : n;
}

beforeAll(async () => {
  service = await startSwarmService(TOKEN, {}, { tuning: TUNING, readyTimeoutMs: 50_000 });
  api = service.api;
  metricsUrl = `http://${service.metricsTarget}/metrics`;
  control = service.control;
}, 60_000);

afterAll(async () => {
  await service?.stop();
});

describe('example swarm service under the preload', () => {
  it('processes tasks submitted over HTTP', async () => {
    const types = ['code', 'research', 'review', 'test', 'analysis', 'design', 'code', 'code'];
    const ids: string[] = [];
    for (const type of types) {
      const { status, body } = await post(`${api}/tasks`, { type, payload: { n: ids.length } });
      expect(status).toBe(202);
      ids.push(body.id as string);
    }
    const done = await waitFor('tasks to finish', async () => {
      const all = await Promise.all(ids.map(async (id) => (await json(`${api}/tasks/${id}`)).body));
      return all.every((t) => t.status === 'completed') ? all : undefined;
    });
    expect(done.every((t) => typeof (t.result as { score: number }).score === 'number')).toBe(true);

    const bad = await post(`${api}/tasks`, { type: 'dance' });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toMatch(/"type" must be one of research, code/);
    expect((await json(`${api}/tasks/00000000-0000-0000-0000-000000000000`)).status).toBe(404);
    const agents = (await json(`${api}/agents`)).body;
    expect(agents).toMatchObject({ topology: 'mesh' });
    expect((agents.agents as unknown[]).length).toBe(4);
  });

  it('exposes swarm metrics: agents by status, tasks, coordination latency, messages', async () => {
    const text = await waitFor('swarm metrics', async () => {
      const t = await metrics();
      return t.includes('claude_zen_swarm_coordination_latency_seconds{') ? t : undefined;
    });
    expect(sum(text, 'claude_zen_swarm_agents', { claude_zen_swarm_id: 'swarm-1' })).toBe(4);
    expect(sum(text, 'claude_zen_swarm_agents', { claude_zen_agent_role: 'coder' })).toBe(1);
    expect(
      sum(text, 'claude_zen_swarm_tasks_total', { claude_zen_task_status: 'completed' }),
    ).toBeGreaterThanOrEqual(8);
    expect(
      sum(text, 'claude_zen_swarm_tasks_total', { claude_zen_task_type: 'code' }),
    ).toBeGreaterThanOrEqual(3);
    expect(sum(text, 'claude_zen_swarm_coordination_latency_seconds')).toBeGreaterThan(0);
    expect(sum(text, 'claude_zen_swarm_messages_total')).toBeGreaterThan(8);
    expect(sum(text, 'claude_zen_swarm_messages_size_bytes_total')).toBeGreaterThan(100);
    // the preload's own API metrics, with the task id templated away
    expect(text).toMatch(/http_route="\/tasks\/:id"/);
  });

  it('exposes neural metrics: inferences on the cpu backend, training progress, model memory', async () => {
    expect(await inferences('cpu')).toBeGreaterThanOrEqual(8);
    const text = await metrics();
    const model = { gen_ai_request_model: 'task-scorer' };
    expect(sum(text, 'claude_zen_neural_training_epochs', model)).toBe(2);
    expect(sum(text, 'claude_zen_neural_training_loss', model)).toBeGreaterThan(0);
    // dense 32→128, 128→64, 64→1: 12,545 float32 weights
    expect(sum(text, 'claude_zen_neural_model_memory_bytes', model)).toBe(12_545 * 4);
    expect(sum(text, 'claude_zen_neural_wasm_enabled')).toBe(0);
  });

  it.skipIf(!promtool)('serves an exposition that promtool accepts', async () => {
    const check = spawnSync(promtool as string, ['check', 'metrics'], {
      input: await metrics(),
      encoding: 'utf8',
    });
    expect(`${check.stdout}${check.stderr}`.trim()).toBe('');
    expect(check.status).toBe(0);
  });

  it('lists its actions on the control endpoint, which refuses requests without the token', async () => {
    expect((await fetch(`${control}/v1/actions`)).status).toBe(401);
    const names = await service.actionNames();
    for (const n of [
      'switch-topology',
      'enable-wasm',
      'batch-inference',
      'rebalance-agents',
      'memory-pooling',
    ])
      expect(names).toContain(n);
  });

  it('enable-wasm moves inference to the wasm backend; rolling it back returns to cpu', async () => {
    const applied = await post(`${control}/v1/actions/enable-wasm/apply`, {}, auth);
    expect(applied.status).toBe(201);
    const change = applied.body.change as { id: string; before: unknown; after: unknown };
    expect(change).toMatchObject({ before: { backend: 'cpu' }, after: { backend: 'wasm' } });

    const wasmBefore = await inferences('wasm');
    const infer = await post(`${api}/infer`, { batch: 32 });
    expect(infer.body).toMatchObject({ backend: 'wasm', batch: 32 });
    expect((infer.body.scores as number[]).every((s) => s >= 0 && s <= 1)).toBe(true);
    const task = await post(`${api}/tasks`, { type: 'review' });
    await waitFor('a task scored on wasm', async () =>
      (await json(`${api}/tasks/${task.body.id}`)).body.status === 'completed' ? true : undefined,
    );
    expect(await inferences('wasm')).toBeGreaterThanOrEqual(wasmBefore + 2);
    expect(sum(await metrics(), 'claude_zen_neural_wasm_enabled')).toBe(1);

    const rolled = await post(`${control}/v1/changes/${change.id}/rollback`, {}, auth);
    expect(rolled.status).toBe(200);
    expect(rolled.body.change).toMatchObject({ state: 'rolled_back' });
    const [cpu, wasm] = [await inferences('cpu'), await inferences('wasm')];
    expect((await post(`${api}/infer`, { batch: 4 })).body).toMatchObject({ backend: 'cpu' });
    expect(await inferences('cpu')).toBe(cpu + 1);
    expect(await inferences('wasm')).toBe(wasm);
    expect(sum(await metrics(), 'claude_zen_neural_wasm_enabled')).toBe(0);
  });

  it('switch-topology changes the live swarm and rolls back', async () => {
    const applied = await post(`${control}/v1/actions/switch-topology/apply`, {}, auth);
    expect(applied.body.change).toMatchObject({ after: { topology: 'hierarchical' } });
    expect((await json(`${api}/agents`)).body.topology).toBe('hierarchical');
    const id = (applied.body.change as { id: string }).id;
    await post(`${control}/v1/changes/${id}/rollback`, {}, auth);
    expect((await json(`${api}/agents`)).body.topology).toBe('mesh');
  });

  it('fault injection needs the token, and the errors fault really fails requests', async () => {
    const denied = await post(`${api}/faults/errors`, { enabled: true });
    expect(denied.status).toBe(401);
    expect((await post(`${api}/faults/errors`, { enabled: 'yes' }, auth)).status).toBe(400);
    expect((await post(`${api}/faults/flood`, { enabled: true }, auth)).status).toBe(404);
    expect((await post(`${api}/faults/errors`, { enabled: true }, auth)).body).toMatchObject({
      enabled: true,
    });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, async () => (await fetch(`${api}/agents`)).status),
    );
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    await post(`${api}/faults/errors`, { enabled: false }, auth);
    expect((await fetch(`${api}/health`)).status).toBe(200);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const code = await service.child.stop('SIGTERM');
    expect(code).toBe(0);
    expect(service.child.output()).toContain('swarm-service stopped (SIGTERM)');
  });
});
