import { writeHeapSnapshot } from 'node:v8';
import type { ActionDefinition } from '../types.js';
import { diagnosticsPath, finishFile } from './diagnostics-file.js';

export function heapSnapshotAction(diagnosticsDir: string): ActionDefinition {
  return {
    name: 'capture-heap-snapshot',
    description:
      `Writes a V8 heap snapshot (.heapsnapshot, open in Chrome DevTools) to ${diagnosticsDir}; ` +
      'the file name is chosen by the process. Blocks the event loop while writing (about a second ' +
      'per few hundred MB of heap) and may briefly need as much memory again. Rollback deletes nothing: ' +
      'diagnostics are not state.',
    impact: 'low',
    risk: 'medium',
    parameters: { type: 'object', additionalProperties: false },
    async apply() {
      const path = await diagnosticsPath(diagnosticsDir, 'heap', 'heapsnapshot');
      const started = Date.now();
      writeHeapSnapshot(path);
      const file = await finishFile(path);
      return { after: { ...file, durationMs: Date.now() - started }, rollback: () => {} };
    },
  };
}
