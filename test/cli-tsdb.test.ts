/** The tsdb and promql commands of the built `claude-zen` bin, as real child processes. */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const bin = join(root, 'packages/cli/dist/bin.js');
const conformance = resolve(root, '../shared/conformance/promql/literals.test');
const T0 = Math.floor((Date.now() - 5 * 3_600_000) / 60_000) * 60; // seconds, a few hours ago

let dir = '';
const children: ChildProcess[] = [];

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

beforeAll(() => {
  if (!existsSync(bin)) {
    // npm test builds first (scripts/ensure-setup.mjs); build here when run on its own.
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
        cwd: root,
        stdio: 'pipe',
      });
    } catch {
      // errors elsewhere in the workspace still emit; the check below decides
    }
  }
  expect(existsSync(bin), `${bin} missing: run npx tsc -b`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'cli-tsdb-'));
  const lines = ['# TYPE jobs counter'];
  for (const inst of ['a', 'b']) {
    for (let i = 0; i < 240; i++)
      lines.push(`jobs_total{instance="${inst}"} ${i * (inst === 'a' ? 2 : 3)} ${T0 + i * 15}`);
  }
  lines.push('# EOF');
  writeFileSync(join(dir, 'backfill.om'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'broken.om'), `ok 1 ${T0}\nbroken{ 2 ${T0}\n# EOF\n`);
}, 180_000);

afterAll(async () => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('claude-zen tsdb / promql', () => {
  it('tsdb import streams a backfill into a data folder', () => {
    const r = run(['tsdb', 'import', '--data', join(dir, 'data'), join(dir, 'backfill.om'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      samples: 480,
      series: 2,
      errorCount: 0,
      minTimeMs: T0 * 1000,
    });
  });

  it('tsdb import reads stdin with "-"', () => {
    const r = run(
      ['tsdb', 'import', '--data', join(dir, 'data-stdin'), '-', '--json'],
      `s 1 ${T0}\ns 2 ${T0 + 15}\n# EOF\n`,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ samples: 2, series: 1 });
  });

  it('tsdb import reports bad lines with exit 1 and keeps the good ones', () => {
    const r = run(['tsdb', 'import', '--data', join(dir, 'data-broken'), join(dir, 'broken.om')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('imported 1 samples of 1 series');
    expect(r.stdout).toMatch(/line 2: line 2, column \d+: expected/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('promql query evaluates over the data folder', () => {
    const t = String(T0 + 30 * 60 + 7);
    const r = run([
      'promql',
      'query',
      '--data',
      join(dir, 'data'),
      'sum(rate(jobs_total[5m]))',
      '--time',
      t,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.resultType).toBe('vector');
    expect(Number(data.result[0].value[1])).toBeCloseTo(5 / 15, 9);
  });

  it('tsdb serve answers the Prometheus API; a second server on the same folder fails in one line', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        bin,
        'tsdb',
        'serve',
        '--data',
        join(dir, 'data'),
        '--listen',
        `127.0.0.1:${port}`,
        '--import-token',
        'tok3n',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    while (!out.includes('serving the Prometheus API')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const t = T0 + 60 * 60 + 7;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=jobs_total&time=${t}`);
    const body = (await res.json()) as {
      status: string;
      data: { result: { metric: { instance: string }; value: [number, string] }[] };
    };
    expect(body.status).toBe('success');
    const byInst = Object.fromEntries(body.data.result.map((s) => [s.metric.instance, s.value[1]]));
    expect(byInst).toEqual({ a: String(239 * 2), b: String(239 * 3) });

    // Backfill over the API: bearer token required, then the data is queryable.
    const om = `pushed_total{src="api"} 1 ${T0}\npushed_total{src="api"} 4 ${T0 + 15}\n# EOF\n`;
    const importUrl = `http://127.0.0.1:${port}/api/v1/import/openmetrics`;
    const denied = await fetch(importUrl, {
      method: 'POST',
      body: om,
      headers: { 'content-type': 'text/plain' },
    });
    expect(denied.status).toBe(401);
    const accepted = await fetch(importUrl, {
      method: 'POST',
      body: om,
      headers: { 'content-type': 'application/openmetrics-text', authorization: 'Bearer tok3n' },
    });
    expect(((await accepted.json()) as { data: { samples: number } }).data.samples).toBe(2);
    const pushed = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=pushed_total&time=${T0 + 20}`);
    expect(
      ((await pushed.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0].value[1],
    ).toBe('4');

    const again = run(['tsdb', 'serve', '--data', join(dir, 'data'), '--listen', '127.0.0.1:0']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^claude-zen: data folder .* is locked by pid \d+; stop that process or use another --data folder\n$/,
    );

    const inUse = run(['tsdb', 'serve', '--data', join(dir, 'other'), '--listen', `127.0.0.1:${port}`]);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toBe(
      `claude-zen: 127.0.0.1:${port} is already in use; choose another with --listen 127.0.0.1:<port>\n`,
    );

    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('tsdb serve --config scrapes targets into the store and lists them', async () => {
    const target = createHttpServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end('# TYPE demo_requests_total counter\ndemo_requests_total{path="/"} 42\n');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const targetAddr = `127.0.0.1:${(target.address() as { port: number }).port}`;
    const config = join(dir, 'scrape.yml');
    writeFileSync(
      config,
      `scrape_configs:\n  - job_name: demo\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['${targetAddr}']\n`,
    );
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        bin,
        'tsdb',
        'serve',
        '--data',
        join(dir, 'scraped'),
        '--listen',
        `127.0.0.1:${port}`,
        '--config',
        config,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 30_000;
      let value: string | undefined;
      while (value === undefined) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no scraped sample: ${out}`);
        await new Promise((r) => setTimeout(r, 200));
        const body = (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=demo_requests_total`)
          .then((r) => r.json())
          .catch(() => undefined)) as { data?: { result: { value: [number, string] }[] } } | undefined;
        value = body?.data?.result[0]?.value[1];
      }
      expect(value).toBe('42');
      const up = (await (await fetch(`http://127.0.0.1:${port}/api/v1/query?query=up`)).json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      expect(up.data.result[0].metric).toMatchObject({ job: 'demo', instance: targetAddr });
      expect(up.data.result[0].value[1]).toBe('1');
      const targets = (await (await fetch(`http://127.0.0.1:${port}/api/v1/targets`)).json()) as {
        data: { activeTargets: { health: string; scrapeUrl: string }[] };
      };
      expect(targets.data.activeTargets[0]).toMatchObject({
        health: 'up',
        scrapeUrl: `http://${targetAddr}/metrics`,
      });
    } finally {
      child.kill('SIGTERM');
      await new Promise<void>((r) => target.close(() => r()));
    }
  });

  it('tsdb serve --config names a bad scrape config in one line', () => {
    const bad = join(dir, 'bad-scrape.yml');
    writeFileSync(bad, 'scrape_configs:\n  - job_name: x\n    scrape_interval: 5x\n');
    const r = run(['tsdb', 'serve', '--data', join(dir, 'unused'), '--config', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('scrape_interval');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('promql test runs a shared conformance script and exits by its result', () => {
    const r = run(['promql', 'test', conformance]);
    const m = /passed (\d+), failed (\d+), unsupported (\d+)/.exec(r.stdout);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(r.code).toBe(Number(m?.[2]) > 0 ? 1 : 0);
  });

  it('exit codes: 2 for usage, 1 for a missing file, help on every command', () => {
    expect(run([]).code).toBe(2);
    expect(run(['tsdb', 'import', join(dir, 'backfill.om')]).code).toBe(2);
    expect(run(['tsdb', 'serve', '--data', dir, '--listen', 'nope']).code).toBe(2);
    const missing = run(['tsdb', 'import', '--data', join(dir, 'd2'), join(dir, 'nope.om')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `claude-zen: ${join(dir, 'nope.om')}: no such file; check the path of the OpenMetrics file\n`,
    );
    for (const cmd of [
      ['tsdb', 'import'],
      ['tsdb', 'serve'],
      ['promql', 'test'],
      ['promql', 'query'],
    ]) {
      const h = run([...cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`Usage: claude-zen ${cmd.join(' ')}`);
    }
  });
});
