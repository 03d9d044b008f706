/**
 * `npm run demo`'s script end to end: the service, the controller and the store come up, talk to
 * each other, the printed dashboard address answers with the dashboard, the fault buttons' endpoint
 * reaches the service with the printed token, and Ctrl-C (SIGINT) stops every process it started.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const data = mkdtempSync(join(tmpdir(), 'czm-demo-'));
let demo: Child | undefined;

afterAll(async () => {
  // SIGINT: the demo stops its own children (SIGKILL would orphan them); SIGKILL after 5 s
  await demo?.stop('SIGINT');
  rmSync(data, { recursive: true, force: true });
});

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('npm run demo', () => {
  it('runs the service, the controller and the store together, and Ctrl-C stops them all', async () => {
    const [app, metrics, control, store, controller] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    demo = startChild(process.execPath, [join(root, 'scripts/demo.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        CLAUDE_ZEN_DEMO_DATA: data,
        PORT: String(app),
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metrics),
        CLAUDE_ZEN_CONTROL_PORT: String(control),
        CLAUDE_ZEN_STORE_PORT: String(store),
        CLAUDE_ZEN_PORT: String(controller),
        LOAD_RPS: '5',
      },
    });
    const health = await waitFor(
      'the controller to see its backend up and evaluate the rules',
      async () => {
        const h = (await (await fetch(`http://127.0.0.1:${controller}/healthz`)).json()) as {
          backend: { status: string };
          rules: { name: string; lastEvaluatedAt: number | null }[];
        };
        return h.backend.status === 'up' && h.rules.some((r) => r.lastEvaluatedAt) ? h : undefined;
      },
      60_000,
      500,
    );
    expect(health.rules.map((r) => r.name)).toContain('neural-performance');
    const tasks = await waitFor(
      'scraped task counters in the store',
      async () => {
        const body = (await (
          await fetch(`http://127.0.0.1:${store}/api/v1/query?query=sum(claude_zen_swarm_tasks_total)`)
        ).json()) as { data: { result: { value: [number, string] }[] } };
        const v = Number(body.data.result[0]?.value[1]);
        return v > 0 ? v : undefined;
      },
      30_000,
      500,
    );
    expect(tasks).toBeGreaterThan(0);
    const dashboard = (await (await fetch(`http://127.0.0.1:${controller}/api/dashboard`)).json()) as {
      overview: { health: { overall: number } };
    };
    expect(dashboard.overview.health.overall).toBeGreaterThan(0);

    // the printed dashboard address (with its access token in the fragment) serves the pages
    const printed = await waitFor('the dashboard address in the output', () => {
      const m = /demo: dashboard +(http:\/\/localhost:(\d+)\/dashboard#token=(\S+))/.exec(
        demo?.output() ?? '',
      );
      return m ? { url: m[1], port: Number(m[2]), token: m[3] } : undefined;
    });
    expect(printed.port).toBe(controller);
    expect(demo.output()).toContain(`demo: controller token     ${printed.token} `);
    const page = await fetch(printed.url.replace(/#.*$/, '').replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/assets/app.js"></script>');
    const script = await fetch(`http://127.0.0.1:${controller}/assets/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    // the fault buttons: forwarded to the service, with the printed token only
    const fault = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${controller}/api/demo/faults/latency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ enabled: false }),
      });
    expect((await fault({})).status).toBe(401);
    const off = await fault({ authorization: `Bearer ${printed.token}` });
    expect(off.status).toBe(200);
    expect(await off.json()).toMatchObject({ name: 'latency', enabled: false });

    const pids = childrenOf(demo.proc.pid as number);
    expect(pids.length).toBe(3);
    demo.proc.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    await waitFor('every child to exit', () =>
      pids.every((pid) => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      })
        ? true
        : undefined,
    );
  }, 120_000);

  it('with --no-auth the printed address has no token and the fault buttons need none', async () => {
    const [app, metrics, control, store, controller] = await Promise.all(
      Array.from({ length: 5 }, () => freePort()),
    );
    const open = startChild(process.execPath, [join(root, 'scripts/demo.mjs'), '--no-auth'], {
      cwd: root,
      env: {
        ...process.env,
        CLAUDE_ZEN_DEMO_DATA: join(data, 'no-auth'),
        PORT: String(app),
        OTEL_EXPORTER_PROMETHEUS_PORT: String(metrics),
        CLAUDE_ZEN_CONTROL_PORT: String(control),
        CLAUDE_ZEN_STORE_PORT: String(store),
        CLAUDE_ZEN_PORT: String(controller),
        LOAD_RPS: '5',
      },
    });
    try {
      const url = await waitFor(
        'the ready line',
        () => /demo: ready — open (\S+)/.exec(open.output())?.[1],
        60_000,
        250,
      );
      expect(url).toBe(`http://localhost:${controller}/dashboard`);
      expect(open.output()).not.toContain('controller token');
      const res = await waitFor('the fault endpoint', async () => {
        const r = await fetch(`http://127.0.0.1:${controller}/api/demo/faults/latency`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ enabled: false }),
        });
        return r.status === 502 ? undefined : r; // the service may still be starting
      });
      expect(res.status).toBe(200);
      open.proc.kill('SIGINT');
      expect(await open.exited).toBe(0);
    } finally {
      await open.stop('SIGINT');
    }
  }, 90_000);

  it('says how to use it on a wrong option', async () => {
    const bad = startChild(process.execPath, [join(root, 'scripts/demo.mjs'), '--bogus']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('demo: unknown option --bogus');
    expect(bad.output()).toContain('usage: npm run demo [-- --no-auth]');
  });
});
