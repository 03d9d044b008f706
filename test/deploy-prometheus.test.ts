/**
 * deploy/prometheus/prometheus.yml in a real Prometheus started with the flags of
 * docker-compose.yml (paths and the listen address made local): it boots, loads the rule files
 * its `rule_files` glob matches, knows its scrape jobs and Alertmanager, and its remote-write
 * receiver (which the collector writes to) is on.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const binary = findBinary('prometheus');
const dir = mkdtempSync(join(tmpdir(), 'czm-deploy-prom-'));
let prom: Child | undefined;
afterAll(async () => {
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!binary)('prometheus.yml in a real Prometheus', () => {
  it('boots with the compose flags, loads the exported rules and takes remote writes', async () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
    const port = await freePort();
    cpSync(join(root, 'deploy/prometheus'), join(dir, 'etc'), { recursive: true });
    const args = (compose.services.prometheus.command as string[]).map((a) =>
      a
        .replace('/etc/prometheus', join(dir, 'etc'))
        .replace('--storage.tsdb.path=/prometheus', `--storage.tsdb.path=${join(dir, 'data')}`)
        .replace(/--web\.listen-address=.*/, `--web.listen-address=127.0.0.1:${port}`),
    );
    expect(args).toContain('--web.enable-remote-write-receiver');
    prom = startChild(binary!, [...args, '--log.level=warn']);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      'prometheus to be ready',
      async () => {
        if (prom!.proc.exitCode !== null) throw new Error(`prometheus exited: ${prom!.output()}`);
        return fetchText(`${url}/-/ready`).catch(() => undefined);
      },
      30_000,
    );
    // biome-ignore lint/suspicious/noExplicitAny: API answers are walked by key
    const api = async (path: string) => ((await (await fetch(`${url}${path}`)).json()) as { data: any }).data;

    // every file the rule_files glob matches is loaded as rule groups
    const ruleFiles = readdirSync(join(root, 'deploy/prometheus/rules')).filter((f) =>
      f.endsWith('.rules.yml'),
    );
    const groups = (await api('/api/v1/rules')).groups as { file: string; rules: unknown[] }[];
    expect([...new Set(groups.map((g) => g.file.split('/').at(-1)))].sort()).toEqual(ruleFiles.sort());
    if (existsSync(join(root, 'deploy/prometheus/rules/claude-zen.rules.yml')))
      expect(groups.reduce((n, g) => n + g.rules.length, 0)).toBeGreaterThan(0);

    // the scrape jobs of the file (targets are compose host names, unreachable here: down is fine)
    const jobs = await waitFor('the scrape targets', async () => {
      const targets = (await api('/api/v1/targets?state=any')).activeTargets as { labels: { job: string } }[];
      return targets.length >= 4 ? [...new Set(targets.map((t) => t.labels.job))].sort() : undefined;
    });
    expect(jobs).toEqual(['alertmanager', 'claude-zen-controller', 'otel-collector', 'prometheus'].sort());
    const flags = await api('/api/v1/status/flags');
    expect(flags['web.enable-remote-write-receiver']).toBe('true');
    const config = parse((await api('/api/v1/status/config')).yaml);
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['alertmanager:9093']);

    // the collector's endpoint: a request that is not snappy-compressed protobuf is a 400 from the
    // receiver (a Prometheus without it answers 404)
    const write = await fetch(`${url}/api/v1/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' },
      body: 'not a write request',
    });
    expect(write.status).toBe(400);
  }, 60_000);
});
