import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { type Child, startChild } from './processes.js';
import { waitFor } from './wait.js';

/** A real Prometheus server started for a test on a free port with a temporary config. */
export interface PrometheusServer {
  url: string;
  child: Child;
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

export async function startPrometheus(
  binary: string,
  config: string,
  extraArgs: string[] = [],
): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'czm-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startChild(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...extraArgs,
  ]);
  await waitFor(
    'prometheus to be ready',
    async () => {
      if (child.proc.exitCode !== null) throw new Error(`prometheus exited: ${child.output()}`);
      return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
    },
    30_000,
  );
  return {
    url,
    child,
    async query(expr: string) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data: { result: [] } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data.result;
    },
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A config scraping `target` as job `swarm` and evaluating, both every second; `extra` lines
 * (rule_files, alerting) go between the global block and the scrape configs.
 */
export function swarmScrapeConfig(target: string, extra: string[] = []): string {
  return [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    ...extra,
    'scrape_configs:',
    '  - job_name: swarm',
    `    static_configs: [{ targets: ['${target}'] }]`,
    '',
  ].join('\n');
}
