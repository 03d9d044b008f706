#!/usr/bin/env node
// `npm run demo`: the example swarm service preloaded with @claude-zen/otel (with a generated
// control token); the controller on its embedded store, scraping the service every second,
// evaluating the default rules and optimizing in automatic mode, with the web dashboard and its
// API on :3456 (a generated access token, or `--no-auth` for loopback-only use) and the demo
// fault buttons wired to the service; and the embedded store's Prometheus HTTP API on :9090 for
// ad-hoc PromQL. Ctrl-C stops everything.
//
// Ports: PORT (service API, 3000), OTEL_EXPORTER_PROMETHEUS_PORT (9464), CLAUDE_ZEN_CONTROL_PORT
// (9465), CLAUDE_ZEN_STORE_PORT (9090), CLAUDE_ZEN_PORT (dashboard, 3456). Data in
// CLAUDE_ZEN_DEMO_DATA (.data/demo). The rules of scripts/demo-rules.yml replace the default
// rules of the same names with versions that react in seconds; CLAUDE_ZEN_DEMO_RULES (rule files,
// comma-separated) replaces that file. CLAUDE_ZEN_DEMO_VERIFICATION_DELAY_MS: the optimizer's
// wait before it verifies a change.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `usage: npm run demo [-- --no-auth]

  --no-auth   serve the dashboard's actions without a token (loopback only)
  --help      this text
`;
const args = process.argv.slice(2);
for (const a of args) {
  if (a === '--help' || a === '-h') {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (a !== '--no-auth') {
    process.stderr.write(`demo: unknown option ${a}\n${USAGE}`);
    process.exit(2);
  }
}
const noAuth = args.includes('--no-auth');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'examples/swarm-service/dist/main.js');
const cli = join(root, 'packages/cli/dist/bin.js');
for (const f of [entry, cli]) {
  if (!existsSync(f)) {
    console.error(`demo: ${f} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
const token = process.env.CLAUDE_ZEN_CONTROL_TOKEN || randomBytes(24).toString('base64url');
const apiToken = process.env.CLAUDE_ZEN_TOKEN || randomBytes(24).toString('base64url');
const ports = {
  app: process.env.PORT || '3000',
  metrics: process.env.OTEL_EXPORTER_PROMETHEUS_PORT || '9464',
  control: process.env.CLAUDE_ZEN_CONTROL_PORT || '9465',
  store: process.env.CLAUDE_ZEN_STORE_PORT || '9090',
  controller: process.env.CLAUDE_ZEN_PORT || '3456',
};
const dataDir = process.env.CLAUDE_ZEN_DEMO_DATA || join(root, '.data', 'demo');
mkdirSync(dataDir, { recursive: true });
const scrapeConfig = join(dataDir, 'scrape.yml');
writeFileSync(
  scrapeConfig,
  `scrape_configs:\n  - job_name: swarm-service\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:${ports.metrics}']\n`,
);

const children = [];
const start = (name, args, env) => {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`demo: ${name} exited (${signal ?? code}); stopping the rest`);
      stop(code ?? 1);
    }
  });
  children.push(child);
};
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  }, 5000);
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
    () => {
      clearTimeout(deadline);
      process.exit(code);
    },
  );
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('swarm service', ['--require', '@claude-zen/otel', entry], {
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'swarm-service',
  CLAUDE_ZEN_CONTROL_TOKEN: token,
  PORT: ports.app,
  OTEL_EXPORTER_PROMETHEUS_PORT: ports.metrics,
  CLAUDE_ZEN_CONTROL_PORT: ports.control,
  // the leak signal over a minute (default 10), so the leak fault shows within the demo
  CLAUDE_ZEN_LEAK_WINDOW_MS: process.env.CLAUDE_ZEN_LEAK_WINDOW_MS || '60000',
});
const controllerArgs = [
  cli,
  'monitor',
  'start',
  '--targets',
  `127.0.0.1:${ports.metrics}`,
  '--data',
  join(dataDir, 'controller'),
  '--optimization',
  'automatic',
  '--port',
  ports.controller,
  '--control-token',
  token,
];
// the dashboard's fault buttons reach the service through the controller
controllerArgs.push(
  '--demo-faults-url',
  `http://127.0.0.1:${ports.app}/faults`,
  '--demo-control-token',
  token,
);
if (noAuth) controllerArgs.push('--no-auth');
else controllerArgs.push('--token', apiToken);
// the demo's rules react in seconds (scripts/demo-rules.yml); CLAUDE_ZEN_DEMO_RULES replaces them
const ruleFiles = (process.env.CLAUDE_ZEN_DEMO_RULES || join(root, 'scripts/demo-rules.yml')).split(',');
for (const file of ruleFiles.filter(Boolean)) controllerArgs.push('--rules', file);
if (process.env.CLAUDE_ZEN_DEMO_VERIFICATION_DELAY_MS) {
  controllerArgs.push('--verification-delay', process.env.CLAUDE_ZEN_DEMO_VERIFICATION_DELAY_MS);
}
start('controller', controllerArgs);
start('embedded store', [
  cli,
  'tsdb',
  'serve',
  '--data',
  join(dataDir, 'tsdb'),
  '--listen',
  `127.0.0.1:${ports.store}`,
  '--config',
  scrapeConfig,
]);

const q = encodeURIComponent('sum by (claude_zen_task_status) (rate(claude_zen_swarm_tasks_total[1m]))');
console.log(`demo: swarm service        http://127.0.0.1:${ports.app}/agents`);
console.log(`demo: metrics (preload)    http://127.0.0.1:${ports.metrics}/metrics`);
console.log(
  `demo: control endpoint     http://127.0.0.1:${ports.control}/v1/actions   (Authorization: Bearer ${token})`,
);
console.log(`demo: Prometheus API       http://127.0.0.1:${ports.store}/api/v1/query?query=${q}`);
console.log(
  `demo: controller           http://127.0.0.1:${ports.controller}/api/alerts  /api/optimizations  /api/dashboard  /healthz`,
);
if (!noAuth) console.log(`demo: controller token     ${apiToken}   (actions on the dashboard and the API)`);
console.log(
  `demo: inject a fault       curl -XPOST -H 'authorization: Bearer ${token}' -d '{"enabled":true}' http://127.0.0.1:${ports.app}/faults/slow-inference`,
);
const dashboard = `http://localhost:${ports.controller}/dashboard${noAuth ? '' : `#token=${apiToken}`}`;
console.log(`demo: dashboard            ${dashboard}`);
console.log('demo: Ctrl-C stops everything');

// say when the dashboard answers
const readyBy = Date.now() + 120_000;
const poll = setInterval(async () => {
  if (stopping || Date.now() > readyBy) {
    clearInterval(poll);
    return;
  }
  try {
    const res = await fetch(`http://127.0.0.1:${ports.controller}/healthz`);
    if (res.status === 200 || res.status === 503) {
      clearInterval(poll);
      console.log(`demo: ready — open ${dashboard}`);
    }
  } catch {
    // not listening yet
  }
}, 500);
poll.unref();
