/**
 * A real Prometheus (the Debian binary) started on a data folder and a free 127.0.0.1 port with
 * an empty scrape config, for benchmarks that query it over HTTP.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.mjs';
import { trackChild } from './server-process.mjs';

/** Absolute path of an executable on PATH, or undefined. */
export function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Polls `url` until it answers 2xx; throws with `log()` when `child` exits or time runs out. */
export async function waitReady(url, child, log, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited early: ${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}: not ready after ${timeoutMs} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops a child with SIGTERM (SIGKILL after 5 s) and waits for it. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/**
 * Starts Prometheus over `dataDir` (blocks made by promtool). Block compaction is off
 * (min = max block duration = 2h) so the block layout stays as loaded while queries are timed.
 * Resolves to { url, child, stop() }.
 */
export async function startPrometheus(bin, dataDir, workDir) {
  const config = join(workDir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = trackChild(
    spawn(
      bin,
      [
        `--storage.tsdb.path=${dataDir}`,
        `--config.file=${config}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--storage.tsdb.retention.time=3650d',
        '--storage.tsdb.min-block-duration=2h',
        '--storage.tsdb.max-block-duration=2h',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  await waitReady(`${url}/-/ready`, child, () => log);
  return { url, child, stop: () => stopChild(child) };
}
