import * as fs from 'node:fs';
import * as path from 'node:path';
import { TsdbError } from './errors.js';

export const LOCK_FILE = 'lock';

/** Whether a process with this pid exists (EPERM means it exists but belongs to someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Exclusive lock on a data folder held through a lock file with the owner's pid. */
export class DirLock {
  readonly file: string;
  /** Pid of a dead owner whose stale lock was taken over, if any. */
  readonly staleFrom: number | null;

  private constructor(file: string, staleFrom: number | null) {
    this.file = file;
    this.staleFrom = staleFrom;
  }

  /** Takes the lock or throws TsdbError('locked') naming the owner and the fix. */
  static acquire(dir: string): DirLock {
    const file = path.join(dir, LOCK_FILE);
    let staleFrom: number | null = null;
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = fs.openSync(file, 'wx');
        try {
          fs.writeSync(fd, `${process.pid}\n`);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
        return new DirLock(file, staleFrom);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new TsdbError(
            'io',
            `cannot create lock file ${file}: ${(err as Error).message}; check permissions`,
            {
              cause: err,
            },
          );
        }
      }
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      } catch {
        // vanished between open and read: retry
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
        throw new TsdbError(
          'locked',
          `data folder ${dir} is locked by pid ${owner}${owner === process.pid ? ' (this process)' : ''}; stop that process or use another --data folder`,
        );
      }
      // Stale (dead owner or unreadable content): take it over.
      if (Number.isInteger(owner)) staleFrom = owner;
      fs.rmSync(file, { force: true });
    }
    throw new TsdbError('locked', `data folder ${dir}: could not take the lock file ${file}; retry`);
  }

  release(): void {
    try {
      const owner = Number.parseInt(fs.readFileSync(this.file, 'utf8').trim(), 10);
      if (owner === process.pid) fs.rmSync(this.file, { force: true });
    } catch {
      // already gone
    }
  }
}
