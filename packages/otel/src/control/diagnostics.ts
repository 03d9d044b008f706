import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { diagnosticsPath, finishFile } from './actions/diagnostics-file.js';
import { ControlError } from './errors.js';
import type { Route } from './router.js';
import { heapSnapshotBody } from './schemas.js';
import { assertValid } from './validation.js';

export interface DiagnosticsDeps {
  /** Private folder of this process where snapshots are written. */
  diagnosticsDir: string;
  log: (line: string) => void;
}

/**
 * `POST /v1/diagnostics/heap-snapshot`: writes a V8 heap snapshot into the diagnostics folder and
 * streams it back (then deletes it), or with `{ "download": false }` keeps it and answers its path.
 * One snapshot at a time (409 while one is being written): each needs about the heap's size again.
 */
export function diagnosticsRoutes({ diagnosticsDir, log }: DiagnosticsDeps): Route[] {
  let writing = false;
  return [
    {
      method: 'POST',
      path: '/v1/diagnostics/heap-snapshot',
      handle: async ({ body }) => {
        const request = await body();
        assertValid(heapSnapshotBody, request, 'body');
        if (writing)
          throw new ControlError(
            'conflict',
            'a heap snapshot is being written right now; retry when it is done',
          );
        writing = true;
        let file: { path: string; sizeBytes: number };
        const started = Date.now();
        try {
          const path = await diagnosticsPath(diagnosticsDir, 'heap', 'heapsnapshot');
          writeHeapSnapshot(path);
          file = await finishFile(path);
        } catch (err) {
          throw new ControlError(
            'internal',
            `heap snapshot failed: ${(err as Error).message}; set another diagnosticsDir`,
          );
        } finally {
          writing = false;
        }
        const durationMs = Date.now() - started;
        log(`heap snapshot ${file.path} (${file.sizeBytes} bytes, ${durationMs} ms)`);
        if (request.download === false) return { status: 201, body: { ...file, durationMs } };
        return {
          status: 200,
          stream: createReadStream(file.path),
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(file.sizeBytes),
            'content-disposition': `attachment; filename="${basename(file.path)}"`,
            'x-claude-zen-duration-ms': String(durationMs),
          },
          done: () => rm(file.path, { force: true }),
        };
      },
    },
  ];
}
