import type { ActionRegistry } from '../registry.js';
import { cpuProfileAction } from './cpu-profile.js';
import { triggerGcAction } from './gc.js';
import { heapSnapshotAction } from './heap-snapshot.js';
import { tuneHttpAgentsAction } from './http-agents.js';

export interface BuiltinOptions {
  diagnosticsDir: string;
}

/** Adds trigger-gc, tune-http-agents, capture-heap-snapshot and capture-cpu-profile to a registry. */
export function registerBuiltinActions(registry: ActionRegistry, o: BuiltinOptions): void {
  registry.register(triggerGcAction, true);
  registry.register(tuneHttpAgentsAction, true);
  registry.register(heapSnapshotAction(o.diagnosticsDir), true);
  registry.register(cpuProfileAction(o.diagnosticsDir), true);
}
