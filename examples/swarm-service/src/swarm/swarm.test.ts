import { describe, expect, it, vi } from 'vitest';

// importing @claude-zen/otel must not start a preload inside the test process
vi.hoisted(() => {
  process.env.OTEL_SDK_DISABLED = 'true';
});

import { BufferPool } from '../memory/pool.js';
import { Coordinator } from './coordinator.js';
import { Swarm } from './swarm.js';
import { TaskStore } from './tasks.js';
import type { Task } from './types.js';

function setup(topology: 'mesh' | 'hierarchical', agents = 6) {
  const swarm = new Swarm(`test-${topology}-${Math.random()}`, topology, agents);
  const coordinator = new Coordinator(swarm, new TaskStore(), {
    pool: new BufferPool(1024),
    score: async (row) => row[0],
  });
  coordinator.start();
  return { swarm, coordinator };
}

async function settle(coordinator: Coordinator, tasks: Task[]) {
  const deadline = Date.now() + 5000;
  while (tasks.some((t) => t.status === 'queued' || t.status === 'running')) {
    if (Date.now() > deadline) throw new Error('tasks did not finish');
    await new Promise((r) => setTimeout(r, 5));
  }
  await coordinator.stop();
}

describe('swarm messaging', () => {
  it('a mesh task costs a message per agent each way; hierarchical goes through the lead', async () => {
    const counts: Record<string, number> = {};
    for (const topology of ['mesh', 'hierarchical'] as const) {
      const { swarm, coordinator } = setup(topology);
      const task = coordinator.submit('code');
      await settle(coordinator, [task]);
      expect(task.status).toBe('completed');
      counts[topology] = swarm.bus.messages;
    }
    // mesh: assignment to 6 agents + result to 5 peers and the coordinator
    expect(counts.mesh).toBe(12);
    // hierarchical: coordinator → lead → coder, coder → lead → coordinator
    expect(counts.hierarchical).toBe(4);
  });

  it('ping is a round trip through the coordinator and the topology', async () => {
    const { swarm, coordinator } = setup('hierarchical');
    const ms = await coordinator.ping();
    expect(ms).toBeGreaterThan(0);
    expect(swarm.bus.messages).toBeGreaterThanOrEqual(2);
    await coordinator.stop();
    expect(await coordinator.ping()).toBeNaN();
  });
});

describe('coordinator', () => {
  it('keeps tasks for their role until rebalancing lets any idle agent take them', async () => {
    const { coordinator } = setup('mesh');
    const first = Array.from({ length: 6 }, () => coordinator.submit('code'));
    await settle(coordinator, first);
    expect(new Set(first.map((t) => t.agentId))).toEqual(new Set(['agent-2'])); // the only coder

    const again = setup('mesh');
    again.coordinator.rebalance = true;
    const second = Array.from({ length: 6 }, () => again.coordinator.submit('code'));
    await settle(again.coordinator, second);
    expect(new Set(second.map((t) => t.agentId)).size).toBeGreaterThan(1);
  });

  it('records failures and the finished tasks by time', async () => {
    const { coordinator } = setup('mesh');
    const from = Date.now();
    const ok = coordinator.submit('review');
    const bad = coordinator.submit('review', { fail: true });
    await settle(coordinator, [ok, bad]);
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/payload.fail/);
    expect(coordinator.store.finishedBetween(from, Date.now(), 'completed')).toEqual([ok]);
    expect(coordinator.store.finishedBetween(from, Date.now(), 'failed')).toEqual([bad]);
  });

  it('resizes the swarm, retiring idle agents', async () => {
    const { swarm, coordinator } = setup('mesh', 3);
    expect(await coordinator.resize(5)).toBe(3);
    expect(swarm.agents.map((a) => a.id)).toEqual(['agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5']);
    expect(await coordinator.resize(2)).toBe(5);
    expect(swarm.agents.map((a) => a.id)).toEqual(['agent-1', 'agent-2']);
    await coordinator.stop();
  });
});
