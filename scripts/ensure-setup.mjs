#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing, then builds
// (tsc -b is incremental, so a second run costs little). Used by `npm test`, `npm run demo`
// and `npm run bench`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, what) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
  } catch (err) {
    console.error(`[setup] ${what} failed (exit ${err.status ?? err.code}); see the messages above`);
    process.exit(typeof err.status === 'number' ? err.status : 1);
  }
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('[setup] node_modules missing: running npm ci');
  run(npm, ['ci', '--no-audit', '--no-fund'], 'npm ci');
}
run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], 'build (tsc -b)');
