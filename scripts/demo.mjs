#!/usr/bin/env node
// `npm run demo`: the example swarm service preloaded with @claude-zen/otel (with a generated
// control token); the controller on its embedded store, scraping the service every second,
// evaluating the default rules and optimizing in automatic mode (HTTP API on :3456); and the
// embedded store's Prometheus HTTP API on :9090 for ad-hoc PromQL. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
});
start('controller', [
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
  '--token',
  apiToken,
  '--control-token',
  token,
]);
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
console.log(`demo: controller token     ${apiToken}   (POST /-/reload, /webhooks/alertmanager)`);
console.log(
  `demo: inject a fault       curl -XPOST -H 'authorization: Bearer ${token}' -d '{"enabled":true}' http://127.0.0.1:${ports.app}/faults/slow-inference`,
);
console.log('demo: Ctrl-C stops everything');
