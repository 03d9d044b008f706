import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built package, as a host process loads it (`npm test` builds before running vitest).
const DIST = join(__dirname, '../../dist/control/index.js');
const built = existsSync(DIST);
if (!built && process.env.CI === 'true')
  throw new Error(`${DIST} is missing: run "npx tsc -b" before the tests`);

const HOST_APP = `
const { startControlServer, registerAction } = require(${JSON.stringify(DIST)});
const state = { workers: 2 };
registerAction({
  name: 'set-workers',
  description: 'changes the worker count',
  impact: 'medium',
  risk: 'low',
  parameters: { type: 'object', properties: { workers: { type: 'integer', minimum: 1 } }, required: ['workers'] },
  apply({ workers }) {
    const before = state.workers;
    state.workers = workers;
    return { before, after: workers, rollback: () => { state.workers = before; } };
  },
});
startControlServer({ token: process.env.TOKEN, port: 0 }).then((s) => {
  console.log(JSON.stringify({ url: s.url }));
  // The app works until it has seen its change undone, then has nothing left to do and must exit
  // although the control server is listening and a change with a 2-minute lease is applied.
  let changed = false;
  const tick = setInterval(() => {
    console.log(JSON.stringify({ workers: state.workers }));
    if (state.workers !== 2) changed = true;
    else if (changed) stop();
  }, 50);
  const stop = () => {
    clearInterval(tick);
    console.log(JSON.stringify({ idleAt: Date.now() }));
  };
  setTimeout(stop, 15000).unref();
});
process.on('exit', () => console.log(JSON.stringify({ exitAt: Date.now() })));
`;

interface Line {
  url?: string;
  workers?: number;
  idleAt?: number;
  exitAt?: number;
}

describe('in a real host process (child, no --expose-gc)', () => {
  it.skipIf(!built)(
    'acts on the process, rolls back an abandoned change by itself, and never keeps the process alive',
    async () => {
      const token = 'child-token-0123456789abcdef';
      const child = spawn(process.execPath, ['-e', HOST_APP], { env: { ...process.env, TOKEN: token } });
      const lines: Line[] = [];
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let buf = '';
          child.stdout.on('data', (d: Buffer) => {
            buf += d;
            const parts = buf.split('\n');
            buf = parts.pop() ?? '';
            for (const p of parts) {
              const line = JSON.parse(p) as Line;
              lines.push(line);
              if (line.url) resolve(line.url);
            }
          });
          child.on('exit', () => reject(new Error(`host exited early: ${stderr}`)));
        });
        const call = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
          const res = await fetch(new URL(path, url), {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          expect(res.status).toBe(201);
          return (await res.json()) as Record<string, unknown>;
        };
        const gc = (await call('/v1/actions/trigger-gc/apply', {})).change as {
          after: { durationMs: number };
        };
        expect(gc.after.durationMs).toBeGreaterThan(0);
        // The controller applies a change with a short lease and "dies" (never confirms).
        await call('/v1/actions/set-workers/apply', { parameters: { workers: 8 }, leaseMs: 300 });
        expect(await exited).toBe(0);
      } finally {
        child.kill();
      }
      expect(stderr).toBe('');
      const seen = lines.filter((l) => l.workers !== undefined).map((l) => l.workers);
      expect(seen).toContain(8);
      expect(seen.at(-1)).toBe(2);
      const idleAt = lines.find((l) => l.idleAt)?.idleAt ?? Number.NaN;
      const exitAt = lines.find((l) => l.exitAt)?.exitAt ?? Number.NaN;
      // Exits as soon as the app is idle: not held by the 120 s lease of the gc change, nor by the
      // controller's idle keep-alive connection (about 4 s).
      expect(exitAt - idleAt).toBeLessThan(2000);
    },
  );
});
