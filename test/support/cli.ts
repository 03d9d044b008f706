import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The built `claude-zen` bin (packages/cli/dist/bin.js). */
export const CLI_BIN = join(resolve(__dirname, '../..'), 'packages/cli/dist/bin.js');

/** The test process's environment without CLAUDE_ZEN_* and NO_COLOR: the caller's settings must not leak into the runs. */
export const cleanEnv: Record<string, string | undefined> = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('CLAUDE_ZEN_') && k !== 'NO_COLOR'),
);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin as a child process with `cleanEnv` plus `env`; killed (SIGKILL) after `timeoutMs`. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      env: { ...cleanEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
