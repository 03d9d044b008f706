import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

let sequence = 0;

/**
 * A new file path in `dir` named by the process only: kind, UTC timestamp, pid and a sequence
 * number (e.g. heap-2026-01-02T03-04-05-678Z-1234-1.heapsnapshot). Creates `dir` (mode 0700).
 */
export async function diagnosticsPath(dir: string, kind: 'heap' | 'cpu', extension: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  sequence += 1;
  return join(dir, `${kind}-${stamp}-${process.pid}-${sequence}.${extension}`);
}

export interface WrittenFile {
  path: string;
  sizeBytes: number;
}

export async function describeFile(path: string): Promise<WrittenFile> {
  return { path, sizeBytes: (await stat(path)).size };
}
