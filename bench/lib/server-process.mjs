import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE = join(ROOT, 'bench', 'fixtures', 'server.js');

/** Children still running, killed if the benchmark itself is interrupted. */
const live = new Set();
let cleanupInstalled = false;
export function trackChild(child) {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    const killAll = () => {
      for (const c of live) c.kill('SIGKILL');
    };
    process.once('exit', killAll);
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.once(signal, () => {
        killAll();
        process.exit(130);
      });
    }
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** The environment of the parent without any OpenTelemetry or claude-zen setting. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('OTEL_') && !k.startsWith('CLAUDE_ZEN_') && !k.startsWith('BENCH_')) env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Starts the fixture server as a child process (optionally pinned to `cpu` with taskset) and
 * resolves once it listens: { child, pid, port, url, stop() }.
 */
export function startServer({ nodeArgs = [], env = {}, cpu, timeoutMs = 20_000 } = {}) {
  const args = [...nodeArgs, FIXTURE];
  const child =
    cpu === undefined
      ? spawn(process.execPath, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('taskset', ['-c', String(cpu), process.execPath, ...args], {
          cwd: ROOT,
          env: cleanEnv(env),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  trackChild(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let ready = false;
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`fixture server did not start within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (ready) return;
      out += d;
      const m = /BENCH_LISTENING (\d+)/.exec(out);
      if (!m) return;
      ready = true;
      clearTimeout(timer);
      const port = Number(m[1]);
      resolve({ child, pid: child.pid, port, url: `http://127.0.0.1:${port}`, stop, stderr: () => stderr });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`fixture server exited early (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
}

/** Polls a URL until it answers 200 (e.g. a metrics endpoint that starts asynchronously). */
export async function waitFor200(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms (${last})`);
}
