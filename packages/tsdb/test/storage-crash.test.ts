import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDB } from '../src/storage/db.js';
import { TsdbError } from '../src/storage/errors.js';

const FIXTURES = path.join(__dirname, 'fixtures');
const DIST = path.join(__dirname, '..', 'dist', 'storage', 'db.js');
const T0 = Math.floor(1_700_000_000_000 / 60_000) * 60_000;
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tsdb-crash-'));
  dirs.push(d);
  return d;
}

/**
 * The child processes run the built storage code: bring the build up to date first (tsc -b is
 * incremental, about a second when nothing changed).
 */
function buildDist(): void {
  const root = path.join(__dirname, '..', '..', '..');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  spawnSync(process.execPath, [tsc, '-b', path.join(root, 'packages', 'tsdb')], {
    cwd: root,
    stdio: 'ignore',
  });
  if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: build first with \`npx tsc -b\``);
}

function start(
  script: string,
  args: string[],
): {
  child: ChildProcess;
  lines: string[];
  waitFor: (re: RegExp, n?: number) => Promise<void>;
  exited: Promise<void>;
} {
  const child = spawn(process.execPath, [path.join(FIXTURES, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  let buf = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const waitFor = (re: RegExp, n = 1): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${re} (got: ${lines.slice(-3).join(' | ')})`)),
        15_000,
      );
      const check = (): void => {
        if (lines.filter((l) => re.test(l)).length >= n) {
          clearTimeout(timer);
          resolve();
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`child exited early: ${lines.join(' | ')}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, lines, waitFor, exited };
}

describe('storage crash safety (real child process, SIGKILL)', () => {
  beforeAll(buildDist, 120_000);

  it.each([
    [12, 'early'],
    [25, 'after several blocks'],
  ])('keeps every sample up to the last reported WAL sync (%i syncs, %s)', async (syncs) => {
    const dir = tmp();
    const SERIES = 20;
    const p = start('crash-ingest.cjs', [dir, String(T0), String(SERIES)]);
    await p.waitFor(/^synced /, syncs);
    p.child.kill('SIGKILL');
    await p.exited;
    const synced = p.lines.filter((l) => l.startsWith('synced ')).map((l) => Number(l.slice(7)));
    const lastSynced = Math.max(...synced);
    expect(lastSynced).toBeGreaterThan(T0);

    const db = openDB(dir, { blockRangeMs: 60_000, log: () => {} });
    try {
      expect(db.openReport.staleLockFrom).toBe(p.child.pid);
      let seen = 0;
      for (const s of db
        .querier(T0, Number.MAX_SAFE_INTEGER)
        .select([{ type: '=', name: '__name__', value: 'crash_test' }], T0, Number.MAX_SAFE_INTEGER)) {
        seen++;
        const i = Number(s.labels.i);
        const n = s.timestamps.length;
        expect(s.timestamps[n - 1]).toBeGreaterThanOrEqual(lastSynced);
        for (let k = 0; k < n; k++) {
          if (s.timestamps[k] !== T0 + k * 1000 || s.values[k] !== i * 1e6 + k) {
            throw new Error(
              `series ${i}: sample ${k} is (${s.timestamps[k]}, ${s.values[k]}), expected (${T0 + k * 1000}, ${i * 1e6 + k})`,
            );
          }
        }
      }
      expect(seen).toBe(SERIES);
      if (lastSynced - T0 > 180_000) expect(db.blockMetas().length).toBeGreaterThan(0);
      // The store keeps working after recovery.
      const app = db.appender();
      app.append({ __name__: 'crash_test', i: '0' }, lastSynced + 3_600_000, 1);
      app.commit();
    } finally {
      db.close();
    }
  });

  it('refuses a folder locked by another live process, and takes over once that process is dead', async () => {
    const dir = tmp();
    const holder = start('hold-lock.cjs', [dir]);
    await holder.waitFor(/^ready$/);
    let err: unknown;
    try {
      openDB(dir, { log: () => {} });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TsdbError);
    expect((err as Error).message).toBe(
      `data folder ${dir} is locked by pid ${holder.child.pid}; stop that process or use another --data folder`,
    );
    const second = start('hold-lock.cjs', [dir]);
    await second.exited;
    expect(second.child.exitCode).toBe(3);
    expect(second.lines[0]).toBe(
      `error locked: data folder ${dir} is locked by pid ${holder.child.pid}; stop that process or use another --data folder`,
    );
    holder.child.kill('SIGKILL');
    await holder.exited;
    const logs: string[] = [];
    const db = openDB(dir, { log: (l) => logs.push(l) });
    expect(db.openReport.staleLockFrom).toBe(holder.child.pid);
    expect(logs[0]).toMatch(/stale lock of dead pid/);
    db.close();
  });
});
