import { registerAction } from '@claude-zen/otel';
import type { BufferPool } from '../memory/pool.js';
import type { TraceStore } from '../memory/trace-store.js';
import type { BackendControl } from '../model/backend.js';
import type { Scorer } from '../model/scorer.js';
import type { Coordinator } from '../swarm/coordinator.js';
import type { ToolClient } from '../tools/tool-client.js';
import { batchInferenceAction } from './batching.js';
import { connectionPoolingAction } from './connection-pooling.js';
import { memoryPoolingAction } from './pooling.js';
import { rebalanceAgentsAction } from './rebalance.js';
import { scaleAgentsAction } from './scale.js';
import { switchTopologyAction } from './topology.js';
import { enableWasmAction } from './wasm.js';

export interface ActionDeps {
  coordinator: Coordinator;
  backend: BackendControl;
  scorer: Scorer;
  pool: BufferPool;
  traces: TraceStore;
  /** Bytes of one trace of the leak fault (the pool's slot size). */
  traceBytes: () => number;
  tools: ToolClient;
}

/** Registers the service's actions on the preload's control endpoint. */
export function registerServiceActions({
  coordinator,
  backend,
  scorer,
  pool,
  traces,
  traceBytes,
  tools,
}: ActionDeps): string[] {
  const all = [
    switchTopologyAction(coordinator.swarm),
    enableWasmAction(backend),
    batchInferenceAction(scorer),
    rebalanceAgentsAction(coordinator),
    memoryPoolingAction(pool, traces, traceBytes),
    connectionPoolingAction(tools),
    scaleAgentsAction(coordinator),
  ];
  for (const a of all) registerAction(a as Parameters<typeof registerAction>[0]);
  return all.map((a) => a.name);
}
