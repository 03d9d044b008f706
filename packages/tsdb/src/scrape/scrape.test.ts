import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStaleNaN } from '../model/value.js';
import { Head } from '../storage/head/head.js';
import type { Matcher } from '../storage/types.js';
import { loadScrapeConfigFile, parseScrapeConfig } from './config/load.js';
import { ScrapeManager } from './scrape-manager.js';

interface Exporter {
  server: Server;
  address: string;
  body: string;
  contentType: string;
  status: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function exporter(body: string, contentType = 'text/plain; version=0.0.4'): Promise<Exporter> {
  const e = { body, contentType, status: 200 } as Exporter;
  e.server = createServer((_req, res) => {
    res.writeHead(e.status, { 'content-type': e.contentType });
    res.end(e.body);
  });
  await new Promise<void>((r) => e.server.listen(0, '127.0.0.1', r));
  e.address = `127.0.0.1:${(e.server.address() as AddressInfo).port}`;
  cleanups.push(() => new Promise<void>((r) => e.server.close(() => r())));
  return e;
}

async function manager(yaml: string, head: Head, baseDir?: string): Promise<ScrapeManager> {
  const m = new ScrapeManager({ appendable: head, config: parseScrapeConfig(yaml), baseDir });
  await m.start();
  cleanups.push(() => m.stop());
  return m;
}

function series(head: Head, name: string, extra: Matcher[] = []) {
  const q = head.querier(0, Number.MAX_SAFE_INTEGER);
  return [
    ...q.select([{ type: '=', name: '__name__', value: name }, ...extra], 0, Number.MAX_SAFE_INTEGER),
  ].map((s) => ({
    labels: { ...s.labels },
    values: Array.from(s.values),
    raw: s.values, // typed array: keeps the staleness NaN's bits (plain arrays may not)
    timestamps: Array.from(s.timestamps),
  }));
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const job = (name: string, targets: string[], extra = '') =>
  `scrape_configs:\n  - job_name: ${name}\n    scrape_interval: 1h\n    scrape_timeout: 2s\n${extra}    static_configs:\n      - targets: [${targets.map((t) => `"${t}"`).join(', ')}]\n        labels: {env: test}\n`;

describe('scrape manager', () => {
  it('scrapes a target with job/instance labels and the synthetic series', async () => {
    const e = await exporter(
      '# TYPE reqs counter\nreqs{path="/a"} 3\nreqs{path="/b"} 4\ntemp 21.5\n# TYPE lat histogram\nlat_bucket{le="1"} 2\n',
    );
    const head = new Head();
    const m = await manager(job('svc', [e.address]), head);
    await m.scrapeAll();
    const reqs = series(head, 'reqs');
    expect(reqs.map((s) => s.labels).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { __name__: 'reqs', path: '/a', job: 'svc', instance: e.address, env: 'test' },
      { __name__: 'reqs', path: '/b', job: 'svc', instance: e.address, env: 'test' },
    ]);
    expect(series(head, 'up')[0]).toMatchObject({
      labels: { job: 'svc', instance: e.address, env: 'test' },
      values: [1],
    });
    expect(series(head, 'lat_bucket')[0].labels.le).toBe('1.0'); // Prometheus 3 normalization
    expect(series(head, 'scrape_samples_scraped')[0].values).toEqual([4]);
    expect(series(head, 'scrape_samples_post_metric_relabeling')[0].values).toEqual([4]);
    expect(series(head, 'scrape_series_added')[0].values).toEqual([4]);
    expect(series(head, 'scrape_duration_seconds')[0].values[0]).toBeGreaterThan(0);
    const [t] = m.activeTargets();
    expect(t).toMatchObject({
      health: 'up',
      lastError: '',
      scrapePool: 'svc',
      scrapeUrl: `http://${e.address}/metrics`,
    });
    expect(t.scrapeInterval).toBe('1h');
  });

  it('writes a staleness marker when a series disappears, and for all series when the target fails', async () => {
    const e = await exporter('a 1\nb 2\n');
    const head = new Head();
    const m = await manager(job('svc', [e.address]), head);
    await m.scrapeAll();
    await tick();
    e.body = 'a 1\n';
    await m.scrapeAll();
    const b = series(head, 'b')[0];
    expect(b.values).toHaveLength(2);
    expect(isStaleNaN(b.raw[1])).toBe(true);
    expect(series(head, 'scrape_series_added')[0].values).toEqual([2, 0]);
    await tick();
    e.status = 500;
    await m.scrapeAll();
    const a = series(head, 'a')[0];
    expect(isStaleNaN(a.raw[a.raw.length - 1])).toBe(true);
    expect(series(head, 'up')[0].values).toEqual([1, 1, 0]);
    expect(m.activeTargets()[0]).toMatchObject({
      health: 'down',
      lastError: 'server returned HTTP status 500 Internal Server Error',
    });
    // Recovery: the series come back with fresh samples after their staleness markers.
    await tick();
    e.status = 200;
    e.body = 'a 5\nb 6\n';
    await m.scrapeAll();
    await tick();
    await m.scrapeAll();
    expect(series(head, 'a')[0].values.slice(-2)).toEqual([5, 5]);
    expect(series(head, 'b')[0].values.slice(-2)).toEqual([6, 6]);
    expect(series(head, 'scrape_series_added')[0].values).toEqual([2, 0, 0, 2, 0]);
  });

  it('isolates a malformed target: only that one is down, with the line and column', async () => {
    const good = await exporter('ok_metric 1\n');
    const bad = await exporter('ok_metric 1\nbroken{x="1" 2\n');
    const head = new Head();
    const m = await manager(job('mixed', [good.address, bad.address]), head);
    await m.scrapeAll();
    const targets = Object.fromEntries(m.activeTargets().map((t) => [t.labels.instance, t]));
    expect(targets[good.address].health).toBe('up');
    expect(targets[bad.address].health).toBe('down');
    expect(targets[bad.address].lastError).toMatch(/^line 2, column 14: expected ',' or '}'/);
    // Nothing of the malformed body was kept, not even its valid first line.
    expect(series(head, 'ok_metric').map((s) => s.labels.instance)).toEqual([good.address]);
    const ups = Object.fromEntries(series(head, 'up').map((s) => [s.labels.instance, s.values]));
    expect(ups).toEqual({ [good.address]: [1], [bad.address]: [0] });
  });

  it('negotiates OpenMetrics and reports a missing # EOF as the error', async () => {
    const e = await exporter('# TYPE c counter\nc_total 5 \n', 'application/openmetrics-text; version=1.0.0');
    const head = new Head();
    const m = await manager(job('om', [e.address]), head);
    await m.scrapeAll();
    expect(m.activeTargets()[0].lastError).toContain('line 2');
    await tick();
    e.body = '# TYPE c counter\nc_total 5\nc_created 1700000000\n# EOF\n';
    await m.scrapeAll();
    expect(series(head, 'c_total')[0].values).toEqual([5]);
    expect(series(head, 'c_created')[0].values).toEqual([1700000000]);
  });

  it('honor_labels keeps the exposed labels; otherwise they become exported_*', async () => {
    const e = await exporter('m{job="inner",instance="x"} 1\n');
    const head = new Head();
    const m = await manager(
      `${job('plain', [e.address])}${job('honor', [e.address], '    honor_labels: true\n').replace('scrape_configs:\n', '')}`,
      head,
    );
    await m.scrapeAll();
    const byJob = series(head, 'm').map((s) => s.labels);
    expect(byJob).toContainEqual({
      __name__: 'm',
      job: 'plain',
      instance: e.address,
      exported_job: 'inner',
      exported_instance: 'x',
      env: 'test',
    });
    expect(byJob).toContainEqual({ __name__: 'm', job: 'inner', instance: 'x', env: 'test' });
  });

  it('follows file SD: targets added, relabeled and removed (with staleness)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filesd-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const one = await exporter('x 1\n');
    const two = await exporter('x 2\n');
    writeFileSync(join(dir, 'a.json'), JSON.stringify([{ targets: [one.address], labels: { team: 'a' } }]));
    const head = new Head();
    const m2 = await manager(
      `scrape_configs:\n  - job_name: sd\n    scrape_interval: 1h\n    file_sd_configs:\n      - files: ["${dir}/*.json", "${dir}/*.yaml"]\n`,
      head,
    );
    expect(m2.activeTargets().map((t) => t.labels)).toEqual([
      { job: 'sd', instance: one.address, team: 'a' },
    ]);
    await m2.scrapeAll();
    writeFileSync(join(dir, 'b.yaml'), `- targets: ["${two.address}"]\n  labels: {team: b}\n`);
    await waitFor(() => m2.activeTargets().length === 2);
    await tick();
    writeFileSync(join(dir, 'a.json'), '[]');
    await waitFor(() => m2.activeTargets().length === 1);
    expect(m2.activeTargets()[0].labels.instance).toBe(two.address);
    const x = series(head, 'x').find((s) => s.labels.instance === one.address);
    expect(x && isStaleNaN(x.raw[x.raw.length - 1])).toBe(true);
    const up = series(head, 'up').find((s) => s.labels.instance === one.address);
    expect(up && isStaleNaN(up.raw[up.raw.length - 1])).toBe(true);
    // A broken file keeps the last good targets.
    writeFileSync(join(dir, 'b.yaml'), '- targets: [oops\n');
    await m2.refreshDiscovery();
    expect(m2.activeTargets()).toHaveLength(1);
  });

  it('applies a new config: unchanged jobs keep running, removed jobs go stale', async () => {
    const e1 = await exporter('one 1\n');
    const e2 = await exporter('two 2\n');
    const head = new Head();
    const m = await manager(
      `${job('keep', [e1.address])}${job('drop', [e2.address]).replace('scrape_configs:\n', '')}`,
      head,
    );
    await m.scrapeAll();
    const keepLoopTargets = m.activeTargets().filter((t) => t.scrapePool === 'keep');
    await tick();
    await m.applyConfig(
      parseScrapeConfig(
        `${job('keep', [e1.address])}${job('added', [e2.address]).replace('scrape_configs:\n', '')}`,
      ),
    );
    expect(
      m
        .activeTargets()
        .map((t) => t.scrapePool)
        .sort(),
    ).toEqual(['added', 'keep']);
    // The unchanged job kept its state (its last scrape), the removed one's series are stale.
    expect(m.activeTargets().find((t) => t.scrapePool === 'keep')?.lastScrape).toBe(
      keepLoopTargets[0].lastScrape,
    );
    const two = series(head, 'two', [{ type: '=', name: 'job', value: 'drop' }])[0];
    expect(isStaleNaN(two.raw[two.raw.length - 1])).toBe(true);
  });

  it('fails a scrape over sample_limit without storing any of it', async () => {
    const e = await exporter('a 1\nb 2\nc 3\n');
    const head = new Head();
    const m = await manager(job('limited', [e.address], '    sample_limit: 2\n'), head);
    await m.scrapeAll();
    expect(m.activeTargets()[0].lastError).toBe(
      "sample limit exceeded: more than 2 samples; raise sample_limit or reduce the target's series",
    );
    expect(series(head, 'a')).toEqual([]);
    expect(series(head, 'up')[0].values).toEqual([0]);
  });

  it('marks a target slower than scrape_timeout down', async () => {
    const slow = createServer((_req, res) => {
      const t = setTimeout(() => res.end('late 1\n'), 1000);
      res.on('close', () => clearTimeout(t));
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => slow.close(() => r())));
    const address = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const head = new Head();
    const m = await manager(
      job('slow', [address]).replace('scrape_timeout: 2s', 'scrape_timeout: 100ms'),
      head,
    );
    await m.scrapeAll();
    expect(m.activeTargets()[0]).toMatchObject({
      health: 'down',
      lastError: 'context deadline exceeded (scrape timeout 100ms)',
    });
    expect(series(head, 'up')[0].values).toEqual([0]);
    expect(series(head, 'scrape_duration_seconds')[0].values[0]).toBeLessThan(0.9);
  });

  it('times out a target that stalls mid-body, and stops promptly while a scrape hangs', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const stalled = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.write('# TYPE g gauge\ng 1\n'); // ... and never ends the body
    });
    stalled.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          stalled.close(() => r());
        }),
    );
    const address = `127.0.0.1:${(stalled.address() as AddressInfo).port}`;
    const head = new Head();
    const m = await manager(
      job('stalled', [address]).replace('scrape_timeout: 2s', 'scrape_timeout: 150ms'),
      head,
    );
    const started = Date.now();
    await m.scrapeAll();
    expect(Date.now() - started).toBeLessThan(1500);
    expect(m.activeTargets()[0]).toMatchObject({
      health: 'down',
      lastError: 'context deadline exceeded (scrape timeout 150ms)',
    });
    const stopping = Date.now();
    await m.stop();
    expect(Date.now() - stopping).toBeLessThan(1500);
  });

  it('runs on its own timer and stops cleanly', async () => {
    const e = await exporter('g 1\n');
    const head = new Head();
    const m = await manager(
      job('fast', [e.address])
        .replace('scrape_interval: 1h', 'scrape_interval: 50ms')
        .replace('scrape_timeout: 2s', 'scrape_timeout: 40ms'),
      head,
    );
    await waitFor(() => (series(head, 'up')[0]?.values.length ?? 0) >= 3);
    await m.stop();
    const n = series(head, 'up')[0].values.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(series(head, 'up')[0].values.length).toBe(n);
  });

  it('loads a config file and names the file in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrape-cfg-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'scrape.yml');
    writeFileSync(
      file,
      'global: {scrape_interval: 10s}\nscrape_configs:\n  - job_name: a\n    static_configs: [{targets: ["h:1"]}]\n',
    );
    expect(loadScrapeConfigFile(file).jobs[0]).toMatchObject({
      jobName: 'a',
      intervalMs: 10_000,
      timeoutMs: 10_000,
    });
    writeFileSync(file, 'scrape_configs:\n  - job_name: a\n    honor_labels: yes please\n');
    expect(() => loadScrapeConfigFile(file)).toThrow(
      `${file}: scrape_configs[0].honor_labels: "yes please" is not a boolean; use true or false`,
    );
    expect(() => loadScrapeConfigFile(join(dir, 'nope.yml'))).toThrow(
      'no such file; check the --config path',
    );
  });

  it('rejects bad config naming the field and the fix', () => {
    expect(() => parseScrapeConfig('scrape_configs:\n  - job_name: a\n    scrape_interval: 5x\n')).toThrow(
      'scrape_configs[0].scrape_interval: "5x" is not a duration; write it like "15s", "1m" or "500ms"',
    );
    expect(() =>
      parseScrapeConfig(
        'scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s\n',
      ),
    ).toThrow('scrape_configs[0].scrape_timeout: is greater than scrape_interval');
    expect(() =>
      parseScrapeConfig(
        'scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ["http://x/metrics"]}]\n',
      ),
    ).toThrow('contains a path or scheme');
    expect(() => parseScrapeConfig('scrape_configs:\n  - job_nme: a\n')).toThrow(
      'scrape_configs[0].job_nme: is not a supported field',
    );
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
