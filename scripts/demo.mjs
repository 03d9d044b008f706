#!/usr/bin/env node
// `npm run demo`: starts the example swarm service preloaded with @claude-zen/otel, with a
// generated control token, and prints where everything is. Ctrl-C stops it cleanly.
// (The controller and the dashboard on :3456 join this command as they land.)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'examples/swarm-service/dist/main.js');
if (!existsSync(entry)) {
  console.error(`demo: ${entry} is missing; run \`npm run build\` first`);
  process.exit(1);
}
const token = process.env.CLAUDE_ZEN_CONTROL_TOKEN || randomBytes(24).toString('base64url');
const env = {
  ...process.env,
  OTEL_SERVICE_NAME: process.env.OTEL_SERVICE_NAME || 'swarm-service',
  CLAUDE_ZEN_CONTROL_TOKEN: token,
  PORT: process.env.PORT || '3000',
};
const child = spawn(process.execPath, ['--require', '@claude-zen/otel', entry], {
  cwd: root,
  env,
  stdio: 'inherit',
});
console.log(`demo: swarm service      http://127.0.0.1:${env.PORT}/agents`);
console.log(`demo: metrics            http://127.0.0.1:${env.OTEL_EXPORTER_PROMETHEUS_PORT || 9464}/metrics`);
console.log(`demo: control endpoint   http://127.0.0.1:${env.CLAUDE_ZEN_CONTROL_PORT || 9465}/v1/actions`);
console.log(`demo: control token      ${token}`);
console.log('demo: Ctrl-C stops everything');
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
