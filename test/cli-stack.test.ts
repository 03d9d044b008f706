/**
 * One real run of each controller command of the built `claude-zen` bin against a real stack: the
 * example swarm service preloaded with @claude-zen/otel (control token, free ports) and the
 * controller started with `claude-zen web start` (the `monitor start` path) on its embedded store,
 * scraping the service, with the demo faults wired to the service. Every command is a child process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, type CliRun, cleanEnv, runCli } from './support/cli.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const bin = CLI_BIN;
const MAIN = join(root, 'examples/swarm-service/dist/main.js');
const SERVICE_TOKEN = 'cli-stack-service-token-0123456789';
const API_TOKEN = 'cli-stack-api-token-0123456789';

let dir = '';
let service: Child | undefined;
let controller: Child | undefined;
let url = '';
let controllerPort = 0;
let appUrl = '';
let controlUrl = '';

const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> =>
  runCli(args, { CLAUDE_ZEN_URL: url, ...env }, 80_000);

/** Runs a command that must succeed and returns its --json output. */
async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const r = await run([...args, '--json']);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  for (const f of [bin, MAIN]) expect(existsSync(f), `${f} missing: run npx tsc -b`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'cli-stack-'));
  const [app, metrics, control, api] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  appUrl = `http://127.0.0.1:${app}`;
  controlUrl = `http://127.0.0.1:${control}`;
  controllerPort = api;
  url = `http://127.0.0.1:${api}`;
  service = startChild(process.execPath, ['--require', '@claude-zen/otel', MAIN], {
    cwd: root,
    env: {
      ...cleanEnv,
      OTEL_SERVICE_NAME: 'cli-stack-swarm',
      PORT: String(app),
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metrics),
      CLAUDE_ZEN_CONTROL_PORT: String(control),
      CLAUDE_ZEN_CONTROL_TOKEN: SERVICE_TOKEN,
      CLAUDE_ZEN_NEURAL_INTERVAL_MS: '250',
      CLAUDE_ZEN_SWARM_INTERVAL_MS: '500',
      AGENTS: '4',
      LOAD_RPS: '5',
      TRAIN_INTERVAL_MS: '0',
    },
  });
  controller = startChild(
    process.execPath,
    [
      bin,
      'web',
      'start',
      '--port',
      String(api),
      '--data',
      join(dir, 'data'),
      '--targets',
      `127.0.0.1:${metrics}`,
      '--interval',
      '1000',
      '--optimization',
      'recommend',
      '--token',
      API_TOKEN,
      '--control-token',
      SERVICE_TOKEN,
      '--demo-faults-url',
      appUrl,
      '--demo-control-token',
      SERVICE_TOKEN,
    ],
    { cwd: root, env: cleanEnv },
  );
  await waitFor(
    'the controller to listen',
    () => {
      if (controller?.proc.exitCode !== null) throw new Error(`controller exited: ${controller?.output()}`);
      return controller.output().includes(`API on ${url}`) ? true : undefined;
    },
    40_000,
  );
  // data scraped, and the service's control endpoint known to the optimizer
  await waitFor(
    'scraped data and a target with a control endpoint',
    async () => {
      if (service?.proc.exitCode !== null) throw new Error(`service exited: ${service?.output()}`);
      const health = (await (await fetch(`${url}/api/health`)).json()) as {
        overall: number | null;
        components: Record<string, { score: number | null }>;
      };
      const res = await fetch(`${url}/api/optimize`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ strategy: 'memory', dryRun: true }),
      });
      const scored = ['swarm', 'neural', 'api'].every((c) => typeof health.components[c]?.score === 'number');
      return scored && res.status === 200 ? true : undefined;
    },
    40_000,
    500,
  );
}, 90_000);

afterAll(async () => {
  await controller?.stop('SIGINT');
  await service?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// a loaded machine makes heap snapshots and node start-ups slow: room beyond the 30 s default
describe('claude-zen commands against a real stack', { timeout: 90_000 }, () => {
  it('web start runs the controller (the monitor start path) with its API on the port', () => {
    expect(controller?.output()).toMatch(
      /^claude-zen monitor: \d+ rules over the embedded store in .*; API on http/m,
    );
  });

  it('monitor health, with a component and --detailed', async () => {
    const [text, all, swarm, detailed] = await Promise.all([
      run(['monitor', 'health']),
      json<{ overall: number; status: string; components: Record<string, { score: number | null }> }>([
        'monitor',
        'health',
      ]),
      json<{ component: string; status: string; metrics: Record<string, unknown> }>([
        'monitor',
        'health',
        'swarm',
        '--detailed',
      ]),
      run(['monitor', 'health', '--detailed']),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Health {2}\d+\/100 (good|warning|critical)$/m);
    expect(text.stdout).toMatch(/^ {2}swarm +\d+ /m);
    expect(all.overall).toBeGreaterThan(0);
    expect(Object.keys(all.components)).toEqual(
      expect.arrayContaining(['system', 'cpu', 'memory', 'swarm', 'api', 'neural']),
    );
    expect(swarm.component).toBe('swarm');
    expect(swarm.metrics.totalAgents).toBeGreaterThanOrEqual(4);
    expect(detailed.code).toBe(0);
    expect(detailed.stdout).toMatch(/^ {4}.*totalAgents \d+/m);
  });

  it('monitor analyze, swarm analyze and api analyze', async () => {
    const [cpu, swarm, api, text] = await Promise.all([
      json<{ area: string; timeframe: string; field: string; anomalies: unknown[] }>([
        'monitor',
        'analyze',
        'cpu',
        '--timeframe',
        '15m',
      ]),
      json<{ area: string; current: number }>(['swarm', 'analyze']),
      json<{ area: string; timeframe: string }>(['api', 'analyze', '--timeframe', '6h']),
      run(['monitor', 'analyze', 'neural', '--detailed']),
    ]);
    expect(cpu).toMatchObject({ area: 'cpu', timeframe: '15m', field: 'system.cpu' });
    expect(Array.isArray(cpu.anomalies)).toBe(true);
    expect(swarm.area).toBe('swarm');
    expect(api).toMatchObject({ area: 'api', timeframe: '6h' });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^neural \(neural\.inferenceTime\) over 1h$/m);
    expect(text.stdout).toMatch(/^ {2}current {5}\d/m);
  });

  it('monitor memory --leak-detection --profile saves a heap snapshot of the service process', async () => {
    const output = join(dir, 'service.heapsnapshot');
    const r = await json<{
      analysis: { area: string };
      leak: { suspected: boolean; reasons: string[] };
      profile: { path: string; bytes: number };
    }>([
      'monitor',
      'memory',
      '--leak-detection',
      '--profile',
      '--target',
      controlUrl,
      '--control-token',
      SERVICE_TOKEN,
      '--output',
      output,
    ]);
    expect(r.analysis.area).toBe('memory');
    expect(typeof r.leak.suspected).toBe('boolean');
    expect(r.profile.path).toBe(output);
    expect(statSync(output).size).toBe(r.profile.bytes);
    expect(statSync(output).mode & 0o777).toBe(0o600);
    const text = readFileSync(output, 'utf8');
    const snapshot = JSON.parse(text) as { snapshot: { node_count: number } };
    expect(snapshot.snapshot.node_count).toBeGreaterThan(10_000);
    // the service's heap, not the CLI's: its service name and token are in there
    expect(text).toContain('cli-stack-swarm');
    const wrong = await run([
      'monitor',
      'memory',
      '--profile',
      '--target',
      controlUrl,
      '--control-token',
      'not-the-token-0123456789',
      '--output',
      join(dir, 'x.heapsnapshot'),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/: 401 .*; pass --control-token or set CLAUDE_ZEN_CONTROL_TOKEN/);
    expect(existsSync(join(dir, 'x.heapsnapshot'))).toBe(false);
  });

  it('monitor dashboard: one frame, JSON, a live screen until SIGINT, and --web', async () => {
    const [frame, data, web] = await Promise.all([
      run(['monitor', 'dashboard', '--once', '--port', String(controllerPort)], { CLAUDE_ZEN_URL: '' }),
      json<{ overview: { health: { overall: number } } }>(['monitor', 'dashboard']),
      run(['monitor', 'dashboard', '--web', '--port', String(controllerPort)], { CLAUDE_ZEN_URL: '' }),
    ]);
    expect(frame.code, frame.stderr).toBe(0);
    expect(frame.stdout).toMatch(new RegExp(`^claude-zen monitor {2}${url} `));
    expect(frame.stdout).toMatch(/^Health {2}\d+\/100/m);
    expect(frame.stdout).toMatch(/^Swarm +1 swarm {2}\d+ agents {2}busy/m);
    expect(frame.stdout).toMatch(/^Alerts /m);
    expect(data.overview.health.overall).toBeGreaterThan(0);
    expect(web.code, web.stderr).toBe(0);
    expect(web.stdout).toBe(`dashboard: ${url}/dashboard\n`);

    const live = startChild(
      process.execPath,
      [bin, 'monitor', 'dashboard', '--url', url, '--refresh', '300'],
      {
        env: cleanEnv,
      },
    );
    try {
      await waitFor(
        'two frames',
        () => (live.output().match(/^Health /gm)?.length ?? 0) >= 2 || undefined,
        15_000,
      );
      live.proc.kill('SIGINT');
      expect(await live.exited).toBe(0);
    } finally {
      await live.stop('SIGKILL');
    }
  });

  it('optimize, swarm optimize and api optimize need the token, and run the strategies', async () => {
    const [anonymous, dry, swarm, api] = await Promise.all([
      run(['optimize', 'memory', '--gc-aggressive']),
      json<{ dryRun: boolean; decisions: { decision: string; target: string }[] }>([
        'optimize',
        'memory',
        '--gc-aggressive',
        '--dry-run',
        '--token',
        API_TOKEN,
      ]),
      json<{ strategy: string; decisions: { decision: string }[] }>([
        'swarm',
        'optimize',
        '--dry-run',
        '--token',
        API_TOKEN,
      ]),
      json<{ strategy: string; decisions: { decision: string }[] }>(
        ['api', 'optimize', '--dry-run'].concat(['--token', API_TOKEN]),
      ),
    ]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(
      /^claude-zen: POST .*\/api\/optimize: 401 .*; pass --token or set CLAUDE_ZEN_TOKEN\n$/,
    );
    expect(dry.dryRun).toBe(true);
    expect(dry.decisions.length).toBeGreaterThan(0);
    expect(dry.decisions[0].decision).toBe('dry-run');
    expect(swarm.strategy).toBe('network');
    expect(api.strategy).toBe('network');
    // a real run in recommend mode: queued for approval (or skipped by the policy, with the reason)
    const real = await run(['optimize', 'memory', '--gc-aggressive'], { CLAUDE_ZEN_TOKEN: API_TOKEN });
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toMatch(/^(queued|started|skipped) memory on \S+/m);
  });

  it('demo fault turns a real fault of the service on and off', async () => {
    const on = await run(['demo', 'fault', 'errors', '--token', API_TOKEN]);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^fault errors on/);
    const faults = (await (await fetch(`${appUrl}/faults`)).json()) as {
      faults: { name: string; enabled: boolean }[];
    };
    expect(faults.faults.find((f) => f.name === 'errors')?.enabled).toBe(true);
    const listed = await run(['demo', 'faults']);
    expect(listed.stdout).toMatch(/^errors +on /m);
    const off = await run(['demo', 'fault', 'errors', '--off', '--token', API_TOKEN]);
    expect(off.code, off.stderr).toBe(0);
    const after = (await (await fetch(`${appUrl}/faults`)).json()) as {
      faults: { name: string; enabled: boolean }[];
    };
    expect(after.faults.find((f) => f.name === 'errors')?.enabled).toBe(false);
  });
});
