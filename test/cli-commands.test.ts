/**
 * The controller commands of the built `claude-zen` bin as real child processes, without a stack:
 * every command's --help, usage errors (exit 2), and an unreachable controller (exit 1, one line).
 * The runs against a real stack are in cli-stack.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, type CliRun, runCli } from './support/cli.js';
import { freePort } from './support/ports.js';

const bin = CLI_BIN;

const run = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, env, 20_000);

beforeAll(() => {
  expect(existsSync(bin), `${bin} missing: run npx tsc -b`).toBe(true);
});

const HELP: [string[], string[]][] = [
  [
    ['monitor', 'dashboard'],
    ['--web', '--port', '--once', '--refresh', '--url', '--json'],
  ],
  [
    ['monitor', 'health'],
    ['[component]', '--detailed', '--url', '--json'],
  ],
  [
    ['monitor', 'analyze'],
    ['<area>', '--detailed', '--timeframe', '--url', '--json'],
  ],
  [
    ['monitor', 'memory'],
    ['--leak-detection', '--profile', '--target', '--control-token', '--output', '--url'],
  ],
  [
    ['optimize'],
    [
      '<strategy>',
      '--enable-wasm',
      '--optimize-topology',
      '--enable-pooling',
      '--gc-aggressive',
      '--dry-run',
      '--token',
    ],
  ],
  [
    ['swarm', 'analyze'],
    ['--detailed', '--timeframe', '--url', '--json'],
  ],
  [
    ['swarm', 'optimize'],
    ['--optimize-topology', '--rebalance', '--dry-run', '--token', '--target'],
  ],
  [
    ['api', 'analyze'],
    ['--detailed', '--timeframe', '--url'],
  ],
  [
    ['api', 'optimize'],
    ['--dry-run', '--token', '--target'],
  ],
  [
    ['web', 'start'],
    ['--port', '--data', '--targets', '--token', '--optimization'],
  ],
  [
    ['demo', 'fault'],
    ['<name>', '--off', '--token', '--url'],
  ],
  [
    ['demo', 'faults'],
    ['--url', '--json'],
  ],
];

describe('claude-zen controller commands: --help', () => {
  it('every command answers --help with exit 0, naming its options and env vars', async () => {
    const runs = await Promise.all(HELP.map(([cmd]) => run([...cmd, '--help'])));
    HELP.forEach(([cmd, options], i) => {
      const r = runs[i];
      expect(r.code, `${cmd.join(' ')} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: claude-zen ${cmd.join(' ')}`);
      const text = r.stdout.replace(/\s+/g, ' ');
      for (const o of options) expect(text, `${cmd.join(' ')} --help mentions ${o}`).toContain(o);
      if (options.includes('--url')) expect(text).toContain('env: CLAUDE_ZEN_URL');
      if (options.includes('--token')) expect(text).toContain('CLAUDE_ZEN_TOKEN');
    });
    const top = await run(['--help']);
    for (const c of ['optimize', 'swarm', 'api', 'web', 'demo'])
      expect(top.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const monitor = await run(['monitor', '--help']);
    for (const c of ['start', 'dashboard', 'health', 'analyze', 'memory'])
      expect(monitor.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });
});

describe('usage errors exit 2 with one line', () => {
  const cases: [string[], RegExp][] = [
    [['monitor', 'health', 'disk'], /argument 'component' is invalid|'disk' is invalid/],
    [['monitor', 'analyze'], /missing required argument 'area'/],
    [
      ['monitor', 'analyze', 'disk'],
      /'disk' is invalid for argument 'area'.*cpu, memory, api, swarm, neural/,
    ],
    [
      ['monitor', 'analyze', 'cpu', '--timeframe', 'soon'],
      /^claude-zen: --timeframe "soon": write a duration like 15m, 1h/,
    ],
    [
      ['monitor', 'memory', '--profile'],
      /^claude-zen: --profile needs --target http:\/\/host:<control port>/,
    ],
    [
      ['monitor', 'memory', '--profile', '--target', 'http://127.0.0.1:9465'],
      /^claude-zen: --profile needs --control-token <token> or CLAUDE_ZEN_CONTROL_TOKEN/,
    ],
    [
      ['monitor', 'memory', '--output', 'x.heapsnapshot'],
      /^claude-zen: --output is for --profile; add --profile$/,
    ],
    [
      ['monitor', 'dashboard', '--port', '99999'],
      /^claude-zen: --port "99999": give an integer from 1 to 65535$/,
    ],
    [
      ['monitor', 'health', '--url', 'localhost'],
      /^claude-zen: --url "localhost" is not a URL; e.g. --url http:\/\/127\.0\.0\.1:3456$/,
    ],
    [
      ['monitor', 'health', '--url', 'ftp://x'],
      /^claude-zen: --url "ftp:\/\/x": use an http:\/\/ or https:\/\/ URL$/,
    ],
    [['optimize', 'gpu'], /'gpu' is invalid for argument 'strategy'.*cpu, memory, network, neural/],
    [
      ['optimize', 'cpu', '--gc-aggressive'],
      /^claude-zen: --gc-aggressive does not apply to cpu; use it with memory$/,
    ],
    [
      ['optimize', 'neural', '--enable-pooling'],
      /^claude-zen: --enable-pooling does not apply to neural; use it with memory or network$/,
    ],
    [
      ['optimize', 'memory', '--action', 'nope'],
      /^claude-zen: --action "nope": the memory strategy has memory-pooling, trigger-gc$/,
    ],
    [['optimize', 'cpu', '--frobnicate'], /unknown option '--frobnicate'/],
    [
      ['demo', 'fault', 'flood'],
      /'flood' is invalid for argument 'name'.*leak, cpu, latency, slow-inference, errors/,
    ],
    [['web', 'start', '--storage', 'foo'], /^claude-zen: --storage "foo": use one of embedded, prometheus$/],
  ];
  it('each bad invocation names the flag and the fix', async () => {
    const runs = await Promise.all(cases.map(([args]) => run(args)));
    cases.forEach(([args, message], i) => {
      const r = runs[i];
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    });
  });
});

describe('an unreachable controller', () => {
  it('is a one-line failure (exit 1) saying to start the controller, for every command', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const commands = [
      ['monitor', 'health'],
      ['monitor', 'analyze', 'cpu'],
      ['monitor', 'memory', '--leak-detection'],
      ['monitor', 'dashboard', '--once'],
      ['optimize', 'cpu', '--token', 't'],
      ['swarm', 'optimize'],
      ['api', 'analyze', '--json'],
      ['demo', 'fault', 'leak'],
    ];
    const expected = `claude-zen: cannot reach the controller at ${url} (connection refused); is \`claude-zen monitor start\` running? (or pass --url / set CLAUDE_ZEN_URL)\n`;
    const runs = await Promise.all([
      ...commands.map((c) => run([...c, '--url', url])),
      // the env var is the default of --url
      run(['monitor', 'health'], { CLAUDE_ZEN_URL: url }),
    ]);
    runs.forEach((r, i) => {
      expect(r.code, `${commands[i]?.join(' ') ?? 'env'}: ${r.stderr}`).toBe(1);
      expect(r.stderr).toBe(expected);
      expect(r.stdout).toBe('');
    });
    const web = await run(['monitor', 'dashboard', '--web', '--port', String(port)]);
    expect(web.code).toBe(1);
    expect(web.stderr).toBe(
      `claude-zen: no dashboard at ${url} (connection refused); start it with \`claude-zen web start --port ${port}\`\n`,
    );
  });

  it('a URL that is not a controller, and a port in use for web start, are one-line failures', async () => {
    const other = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>not a controller</html>');
    });
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', () => ok()));
    const port = (other.address() as { port: number }).port;
    const data = mkdtempSync(join(tmpdir(), 'cli-commands-'));
    try {
      const [health, dashboard, web] = await Promise.all([
        run(['monitor', 'health', '--url', `http://127.0.0.1:${port}`]),
        run(['monitor', 'dashboard', '--web', '--url', `http://127.0.0.1:${port}`]),
        run(['web', 'start', '--port', String(port), '--data', join(data, 'd')]),
      ]);
      expect(health.code).toBe(1);
      expect(health.stderr).toBe(
        `claude-zen: GET http://127.0.0.1:${port}/api/health answered 200 text/html, not JSON: is http://127.0.0.1:${port} a claude-zen controller? check --url\n`,
      );
      expect(dashboard.code).toBe(1);
      expect(dashboard.stderr).toBe(
        `claude-zen: http://127.0.0.1:${port}/dashboard answered 200 text/html, not the dashboard page: is --url right, and the controller recent enough (update it)?\n`,
      );
      expect(web.code).toBe(1);
      expect(web.stderr.trim().split('\n').at(-1)).toBe(
        `claude-zen: http.port: 127.0.0.1:${port} is in use; pick another --port`,
      );
    } finally {
      await new Promise<void>((ok) => other.close(() => ok()));
      rmSync(data, { recursive: true, force: true });
    }
  });
});
