import { describe, expect, it, vi } from 'vitest';

// importing @claude-zen/otel must not start a preload inside the test process
vi.hoisted(() => {
  process.env.OTEL_SDK_DISABLED = 'true';
});

import type { ApplyOutcome } from '@claude-zen/otel';
import { BufferPool } from '../memory/pool.js';
import { TraceStore } from '../memory/trace-store.js';
import type { TaskModel } from '../model/mlp.js';
import { Scorer } from '../model/scorer.js';
import { Coordinator } from '../swarm/coordinator.js';
import { Swarm } from '../swarm/swarm.js';
import { TaskStore } from '../swarm/tasks.js';
import { batchInferenceAction } from './batching.js';
import { memoryPoolingAction } from './pooling.js';
import { rebalanceAgentsAction } from './rebalance.js';
import { scaleAgentsAction } from './scale.js';
import { switchTopologyAction } from './topology.js';

type Outcome = { rollback: () => unknown; before?: unknown; after?: unknown };
const outcome = (o: ApplyOutcome) => o as unknown as Outcome;

function coordinator(agents = 3) {
  const swarm = new Swarm(`actions-${Math.random()}`, 'mesh', agents);
  return new Coordinator(swarm, new TaskStore(), { pool: new BufferPool(1024), score: async () => 0.5 });
}

describe('service actions apply and roll back', () => {
  it('switch-topology toggles, or sets the topology given', async () => {
    const c = coordinator();
    const action = switchTopologyAction(c.swarm);
    const toggled = outcome(await action.apply({}));
    expect(c.swarm.topology).toBe('hierarchical');
    expect(toggled).toMatchObject({ before: { topology: 'mesh' }, after: { topology: 'hierarchical' } });
    await toggled.rollback();
    expect(c.swarm.topology).toBe('mesh');
    const same = outcome(await action.apply({ topology: 'mesh' }));
    expect(c.swarm.topology).toBe('mesh');
    await same.rollback();
    expect(c.swarm.topology).toBe('mesh');
  });

  it('batch-inference turns batching on with its parameters, rollback restores the previous settings', async () => {
    const scorer = new Scorer({ predict: (rows: number[][]) => rows.map(() => 0) } as unknown as TaskModel);
    const o = outcome(await batchInferenceAction(scorer).apply({ maxBatch: 8 }));
    expect(scorer.batchSettings).toEqual({ maxBatch: 8, maxWaitMs: 5 });
    await o.rollback();
    expect(scorer.batchSettings).toBeUndefined();
  });

  it('memory-pooling pools work buffers and bounds the trace store; rollback restores both', async () => {
    const pool = new BufferPool(1024);
    const traces = new TraceStore(8 * 4000);
    for (let i = 0; i < 20; i++) traces.add(1000, () => i);
    const p = outcome(await memoryPoolingAction(pool, traces, () => 8000).apply({}));
    expect(pool.enabled).toBe(true);
    expect(traces.pooled).toBe(true);
    expect(traces.size).toBe(4);
    for (let i = 0; i < 10; i++) traces.add(1000, () => i);
    expect(traces.size).toBe(4);
    await p.rollback();
    expect(pool.enabled).toBe(false);
    expect(traces.pooled).toBe(false);
  });

  it('rebalance-agents switches work stealing on and restores it', async () => {
    const c = coordinator();
    const r = outcome(await rebalanceAgentsAction(c).apply({}));
    expect(c.rebalance).toBe(true);
    await r.rollback();
    expect(c.rebalance).toBe(false);
  });

  it('scale-agents resizes and rollback restores the count', async () => {
    const c = coordinator(3);
    const o = outcome(await scaleAgentsAction(c).apply({ agents: 5 }));
    expect(c.swarm.agents).toHaveLength(5);
    await o.rollback();
    expect(c.swarm.agents).toHaveLength(3);
  });
});
