import type { ActionDefinition } from '@claude-zen/otel';
import type { BackendControl, BackendName } from '../model/backend.js';

/** enable-wasm: runs the model on the tfjs WASM backend; rollback returns to the previous one. */
export function enableWasmAction(backend: BackendControl): ActionDefinition {
  return {
    name: 'enable-wasm',
    description:
      'Runs the task-scoring model on the TensorFlow.js WASM backend instead of the pure-JS cpu backend (2x to 10x faster inference for this MLP, depending on batch size; see bench/backends.mjs).',
    impact: 'high',
    risk: 'low',
    async apply() {
      const before = await backend.use('wasm');
      return {
        before: { backend: before },
        after: { backend: 'wasm' },
        rollback: async () => {
          await backend.use((before === 'wasm' ? 'cpu' : before) as BackendName);
        },
      };
    },
  };
}
