#!/usr/bin/env node
// `npm test`: set up (install, build), lint, run the whole vitest suite, then print one closing
// line "vitest: N passed, N failed, N skipped". Exits non-zero on any failure, or when no test ran.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = join(root, 'test-artifacts', 'vitest.json');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const step = (what, cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm test: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
};

step('setup', process.execPath, [join(root, 'scripts', 'ensure-setup.mjs')]);
step('lint (biome check)', bin('biome'), ['check', '.']);
rmSync(report, { force: true });
const vitest = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
const summary = spawnSync(process.execPath, [join(root, 'scripts', 'test-summary.mjs'), report], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(vitest.status || summary.status || 0);
