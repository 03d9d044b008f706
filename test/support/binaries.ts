import { execFileSync } from 'node:child_process';

/**
 * Path of an external program the tests talk to (prometheus, promtool, alertmanager, chromium).
 * Missing in CI (CI=true) is a failure; locally the caller may skip.
 */
export function findBinary(...names: string[]): string | undefined {
  for (const name of names) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${names[0]} is not installed: CI needs it (bash .ci/run installs it with apt-get)`);
  }
  return undefined;
}
