/** `claude-zen monitor start` as a real child process of the built bin. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/ports.js';
import { startChild } from '../../../../test/support/processes.js';
import { waitFor } from '../../../../test/support/wait.js';

const root = resolve(__dirname, '../../../..');
const bin = join(root, 'packages/cli/dist/bin.js');
let dir = '';

function run(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'monitor', 'start', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-monitor-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('claude-zen monitor start', () => {
  it('usage errors exit 2 with one line', () => {
    const r = run(['--storage', 'foo', '--data', join(dir, 'a')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('claude-zen: --storage "foo": use one of embedded, prometheus\n');
    const t = run(['--targets', 'nohost', '--data', join(dir, 'a')]);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/^claude-zen: scrapeTargets\[0\]: "nohost" is not host:port/m);
  });

  it('an unreachable Prometheus and a port in use are one-line failures (exit 1)', async () => {
    const port = await freePort();
    const r = run([
      '--storage',
      'prometheus',
      '--prometheus-url',
      `http://127.0.0.1:${port}`,
      '--data',
      join(dir, 'b'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      new RegExp(
        `^claude-zen: prometheusUrl: http://127\\.0\\.0\\.1:${port} does not answer .*fix --prometheus-url$`,
      ),
    );
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', () => ok()));
    try {
      const used = (busy.address() as { port: number }).port;
      const p = run(['--port', String(used), '--data', join(dir, 'c'), '--token', 'abcdefgh12']);
      expect(p.code).toBe(1);
      expect(p.stderr).toBe(`claude-zen: http.port: 127.0.0.1:${used} is in use; pick another --port\n`);
    } finally {
      await new Promise<void>((ok) => busy.close(() => ok()));
    }
  });

  it('runs until Ctrl-C: serves /healthz, reloads rules on SIGHUP, stops cleanly', async () => {
    const child = startChild(process.execPath, [
      bin,
      'monitor',
      'start',
      '--data',
      join(dir, 'run'),
      '--port',
      '0',
      '--token',
      'abcdefgh12',
      '--optimization',
      'off',
    ]);
    try {
      const url = await waitFor(
        'the API address',
        () => {
          if (child.proc.exitCode !== null) throw new Error(child.output());
          return /API on (http:\/\/127\.0\.0\.1:\d+)/.exec(child.output())?.[1];
        },
        20_000,
      );
      expect(child.output()).toMatch(
        /^claude-zen monitor: 7 rules over the embedded store in .*; optimization off;/m,
      );
      const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ backend: { backend: 'embedded', status: 'up' }, optimization: 'off' });
      child.proc.kill('SIGHUP');
      await waitFor('the reload', () =>
        child.output().includes('rules reloaded on SIGHUP: 7 rules') ? true : undefined,
      );
      const reload = await fetch(`${url}/-/reload`, {
        method: 'POST',
        headers: { authorization: 'Bearer abcdefgh12' },
      });
      expect(reload.status).toBe(200);
      child.proc.kill('SIGINT');
      expect(await child.exited).toBe(0);
    } finally {
      await child.stop('SIGKILL');
    }
  }, 40_000);
});
