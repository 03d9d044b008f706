import { chmod, lstat, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

let sequence = 0;

/**
 * Creates `dir` (mode 0700) and checks it is a real folder of this process' user, since heap
 * snapshots hold whatever is in memory (tokens included) and a shared /tmp is writable by anyone.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) {
    throw new Error(`diagnostics folder ${dir} is not a directory (a symlink?); set another diagnosticsDir`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw new Error(
      `diagnostics folder ${dir} belongs to uid ${info.uid}, not to this process (uid ${uid}); set another diagnosticsDir`,
    );
  }
}

/**
 * A new file path in `dir` named by the process only: kind, UTC timestamp, pid and a sequence
 * number (e.g. heap-2026-01-02T03-04-05-678Z-1234-1.heapsnapshot).
 */
export async function diagnosticsPath(dir: string, kind: 'heap' | 'cpu', extension: string): Promise<string> {
  await ensurePrivateDir(dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  sequence += 1;
  return join(dir, `${kind}-${stamp}-${process.pid}-${sequence}.${extension}`);
}

export interface WrittenFile {
  path: string;
  sizeBytes: number;
}

/** Makes a written file private to the process' user and reports its size. */
export async function finishFile(path: string): Promise<WrittenFile> {
  await chmod(path, 0o600);
  return { path, sizeBytes: (await stat(path)).size };
}
