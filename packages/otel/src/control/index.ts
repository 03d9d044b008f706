export { registerBuiltinActions } from './actions/builtin.js';
export { cpuProfileAction } from './actions/cpu-profile.js';
export { fullGc, triggerGcAction } from './actions/gc.js';
export { heapSnapshotAction } from './actions/heap-snapshot.js';
export { type AgentTuning, tuneHttpAgentsAction } from './actions/http-agents.js';
export { ControlClient, type ControlResponse } from './client.js';
export { ControlError, type ControlErrorCode } from './errors.js';
export { ChangeLedger } from './ledger.js';
export {
  type ControlServerOptions,
  DEFAULT_CONTROL_PORT,
  DEFAULT_LEASE_MS,
  defaultDiagnosticsDir,
} from './options.js';
export { ActionRegistry, actions, BUILTIN_ACTION_NAMES, registerAction } from './registry.js';
export { type ControlServer, startControlServer } from './server.js';
export type * from './types.js';
export { CHANGE_STATES } from './types.js';
