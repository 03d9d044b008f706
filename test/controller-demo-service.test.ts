/**
 * The example service as the demo service (issue 5): the built service preloaded with
 * @claude-zen/otel, its faults by the demo's names (`errors` gives a real share of HTTP 500s,
 * `cpu` and `cpu-burn` both switch the CPU burn) and the actions the demo lists, each a real
 * mechanism: here connection-pooling, whose effect shows in the tool backend's connection count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SwarmService, startSwarmService } from './support/swarm-service.js';

const TOKEN = 'demo-service-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
let service: SwarmService;
let api: string;
let control: string;

beforeAll(async () => {
  // the service's default loop intervals, a steadier load than the end-to-end tests'
  service = await startSwarmService(
    TOKEN,
    {},
    { tuning: { AGENTS: '4', LOAD_RPS: '10', TRAIN_INTERVAL_MS: '0' } },
  );
  api = service.api;
  control = service.control;
}, 60_000);

afterAll(async () => {
  await service?.stop();
});

const setFault = async (name: string, enabled: boolean) =>
  fetch(`${api}/faults/${name}`, { method: 'POST', headers: auth, body: JSON.stringify({ enabled }) });

interface Health {
  tools: { calls: number; connectionsOpened: number; openConnections: number; pooling: unknown };
}
const health = async () => (await (await fetch(`${api}/health`)).json()) as Health;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the demo service', () => {
  it('has the demo faults: errors answers a share of requests with 500; cpu-burn is the cpu fault', async () => {
    const list = (await (await fetch(`${api}/faults`)).json()) as { faults: { name: string }[] };
    expect(list.faults.map((f) => f.name).sort()).toEqual([
      'cpu',
      'errors',
      'latency',
      'leak',
      'slow-inference',
    ]);
    expect((await setFault('errors', true)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const r = await fetch(`${api}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'code' }),
      });
      statuses.push(r.status);
      if (r.status === 500) expect(await r.json()).toMatchObject({ error: { code: 'injected_fault' } });
      else await r.arrayBuffer();
    }
    await setFault('errors', false);
    const failed = statuses.filter((s) => s === 500).length;
    // 30% of 60: binomial, well within 5..35
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(failed).toBeLessThanOrEqual(35);
    expect(statuses.filter((s) => s !== 500).every((s) => s === 202)).toBe(true);

    const on = await setFault('cpu-burn', true);
    expect(await on.json()).toMatchObject({ name: 'cpu', enabled: true });
    expect(await (await setFault('cpu', false)).json()).toMatchObject({ name: 'cpu', enabled: false });
  });

  it('advertises the demo actions on its control endpoint', async () => {
    const names = await service.actionNames();
    for (const n of [
      'switch-topology',
      'enable-wasm',
      'batch-inference',
      'rebalance-agents',
      'memory-pooling',
      'connection-pooling',
    ])
      expect(names).toContain(n);
  });

  it('connection-pooling: tool calls stop opening a connection each, and the rollback brings that back', async () => {
    const a = await health();
    await sleep(1_500);
    const b = await health();
    expect(b.tools.pooling).toBeNull();
    expect(b.tools.calls - a.tools.calls).toBeGreaterThanOrEqual(3); // the load generator's tasks
    expect(b.tools.connectionsOpened - a.tools.connectionsOpened).toBe(b.tools.calls - a.tools.calls);

    const applied = await fetch(`${control}/v1/actions/connection-pooling/apply`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ parameters: { maxConnections: 2 } }),
    });
    expect(applied.status).toBe(201);
    const change = ((await applied.json()) as { change: { id: string } }).change;
    await sleep(500);
    const c = await health();
    await sleep(1_500);
    const d = await health();
    expect(d.tools.pooling).toEqual({ maxConnections: 2 });
    expect(d.tools.calls - c.tools.calls).toBeGreaterThanOrEqual(3);
    // the pool's connections are reused: at most the 2 it may open, however many calls
    expect(d.tools.connectionsOpened - c.tools.connectionsOpened).toBeLessThanOrEqual(2);
    expect(d.tools.openConnections).toBeLessThanOrEqual(2);

    const rolled = await fetch(`${control}/v1/changes/${change.id}/rollback`, {
      method: 'POST',
      headers: auth,
    });
    expect(rolled.status).toBe(200);
    expect((await health()).tools.pooling).toBeNull();
  });
});
