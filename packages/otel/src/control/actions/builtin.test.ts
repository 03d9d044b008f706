import { mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient } from '../client.js';
import { ActionRegistry } from '../registry.js';
import { type ControlServer, startControlServer } from '../server.js';
import type { ChangeRecord } from '../types.js';

const TOKEN = 'test-token-0123456789abcdef';

let dir: string;
let server: ControlServer;
let api: ControlClient;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cz-control-'));
  server = await startControlServer({
    token: TOKEN,
    port: 0,
    actions: new ActionRegistry(),
    diagnosticsDir: dir,
  });
  api = new ControlClient(server.url, TOKEN);
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const changeOf = (body: Record<string, unknown>): ChangeRecord => body.change as ChangeRecord;

describe('trigger-gc', () => {
  it('runs a real major GC without --expose-gc and reports heap used before and after', async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const kinds: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) kinds.push((e.detail as { kind: number }).kind);
    });
    observer.observe({ entryTypes: ['gc'] });
    // 50 arrays of ~320 KB: straight to large-object space, which only a major GC frees
    let garbage: number[][] | undefined = Array.from({ length: 50 }, () => new Array(40_000).fill(1));
    garbage = undefined;
    const res = await api.apply('trigger-gc');
    await new Promise((resolve) => setImmediate(resolve));
    observer.disconnect();
    expect(garbage).toBeUndefined();
    expect(res.status).toBe(201);
    const change = changeOf(res.body);
    const before = change.before as { heapUsedBytes: number };
    const after = change.after as { heapUsedBytes: number; freedBytes: number; durationMs: number };
    expect(before.heapUsedBytes).toBeGreaterThan(0);
    expect(after.heapUsedBytes).toBeGreaterThan(0);
    expect(after.freedBytes).toBe(before.heapUsedBytes - after.heapUsedBytes);
    expect(after.freedBytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(kinds).toContain(constants.NODE_PERFORMANCE_GC_MAJOR);
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    // Irreversible but harmless: rollback succeeds and changes nothing.
    expect(changeOf((await api.rollback(change.id)).body).state).toBe('rolled_back');
  });
});

describe('tune-http-agents', () => {
  let target: http.Server;
  let connections = 0;
  beforeAll(async () => {
    target = http.createServer((_req, res) => res.end('ok'));
    target.on('connection', () => connections++);
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

  /** How many TCP connections two sequential requests through http.globalAgent open. */
  async function connectionsForTwoRequests(): Promise<number> {
    const start = connections;
    const { port } = target.address() as AddressInfo;
    for (let i = 0; i < 2; i++) {
      await new Promise<void>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
            res.resume();
            res.on('end', () => setImmediate(resolve));
          })
          .on('error', reject);
      });
    }
    return connections - start;
  }

  it('really changes pooling on the global agents, and rollback restores the previous agents', async () => {
    const originalHttp = http.globalAgent;
    const originalHttps = https.globalAgent;
    const originalKeepAlive = (originalHttp as http.Agent & { keepAlive: boolean }).keepAlive;

    const applied = await api.apply('tune-http-agents', { keepAlive: !originalKeepAlive, maxSockets: 7 });
    expect(applied.status).toBe(201);
    const change = changeOf(applied.body);
    expect(change.before).toMatchObject({ http: { keepAlive: originalKeepAlive, maxSockets: null } });
    expect(change.after).toMatchObject({
      http: { keepAlive: !originalKeepAlive, maxSockets: 7 },
      https: { keepAlive: !originalKeepAlive, maxSockets: 7 },
    });
    expect(http.globalAgent).not.toBe(originalHttp);
    expect(http.globalAgent.maxSockets).toBe(7);
    expect(https.globalAgent.maxSockets).toBe(7);
    // keepAlive off: every request opens its own connection; on: the second reuses the first.
    const tuned = await connectionsForTwoRequests();
    expect(tuned).toBe(originalKeepAlive ? 2 : 1);

    expect((await api.rollback(change.id)).status).toBe(200);
    expect(http.globalAgent).toBe(originalHttp);
    expect(https.globalAgent).toBe(originalHttps);
    expect(await connectionsForTwoRequests()).toBe(originalKeepAlive ? 1 : 2);
  });

  it('maxSockets null means unlimited; an empty parameter object is refused', async () => {
    const empty = await api.apply('tune-http-agents', {});
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('parameters must have at least 1 field');
    const change = changeOf(
      (await api.apply('tune-http-agents', { maxSockets: null, maxFreeSockets: 3 })).body,
    );
    expect(http.globalAgent.maxSockets).toBe(Infinity);
    expect(http.globalAgent.maxFreeSockets).toBe(3);
    await api.rollback(change.id);
  });

  it('rollback refuses to clobber an agent someone else installed since', async () => {
    const original = http.globalAgent;
    const change = changeOf((await api.apply('tune-http-agents', { maxSockets: 9 })).body);
    const foreign = new http.Agent();
    http.globalAgent = foreign;
    try {
      const res = await api.rollback(change.id);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).toContain('http.globalAgent was replaced by someone else');
      expect(http.globalAgent).toBe(foreign);
      expect(https.globalAgent.maxSockets).not.toBe(9);
    } finally {
      http.globalAgent = original;
    }
  });
});

describe('diagnostics', () => {
  it('capture-heap-snapshot writes a snapshot named by the process into the diagnostics folder', async () => {
    const refused = await api.apply('capture-heap-snapshot', { fileName: '../../etc/evil' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('parameters.fileName is not allowed');

    const res = await api.apply('capture-heap-snapshot');
    expect(res.status).toBe(201);
    const after = changeOf(res.body).after as { path: string; sizeBytes: number };
    expect(dirname(after.path)).toBe(dir);
    expect(basename(after.path)).toMatch(
      new RegExp(
        `^heap-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z-${process.pid}-\\d+\\.heapsnapshot$`,
      ),
    );
    expect(await readdir(dir)).toEqual([basename(after.path)]);
    expect(after.sizeBytes).toBeGreaterThan(100_000);
    const head = (await readFile(after.path, 'utf8')).slice(0, 200);
    expect(head).toContain('"snapshot"');
    // A snapshot holds whatever is in memory: readable by this user only.
    expect((await stat(after.path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a diagnostics folder that is a symlink, with a clear failed change', async () => {
    const link = join(dir, 'link');
    await symlink(tmpdir(), link);
    const other = await startControlServer({
      token: TOKEN,
      port: 0,
      actions: new ActionRegistry(),
      diagnosticsDir: link,
    });
    try {
      const res = await new ControlClient(other.url, TOKEN).apply('capture-cpu-profile', { durationMs: 100 });
      expect(res.status).toBe(500);
      expect(res.body.error).toMatchObject({ code: 'apply_failed' });
      expect(JSON.stringify(res.body)).toContain('is not a directory (a symlink?)');
      expect(changeOf(res.body).state).toBe('failed');
    } finally {
      await other.close();
    }
  });

  it('capture-cpu-profile samples for durationMs and writes a .cpuprofile', async () => {
    const started = Date.now();
    const res = await api.apply('capture-cpu-profile', { durationMs: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(res.status).toBe(201);
    const change = changeOf(res.body);
    expect(change.parameters).toEqual({ durationMs: 200, samplingIntervalMicros: 1000 });
    const after = change.after as { path: string; sizeBytes: number };
    expect(basename(after.path)).toMatch(new RegExp(`^cpu-.*-${process.pid}-\\d+\\.cpuprofile$`));
    expect(dirname(after.path)).toBe(dir);
    const profile = JSON.parse(await readFile(after.path, 'utf8')) as {
      nodes: unknown[];
      startTime: number;
      endTime: number;
    };
    expect(profile.nodes.length).toBeGreaterThan(0);
    expect(profile.endTime - profile.startTime).toBeGreaterThanOrEqual(150_000);
    // Rollback deletes nothing.
    await api.rollback(change.id);
    expect(await readdir(dir)).toEqual([basename(after.path)]);
  });

  it('a second profile while one is running gets 409 naming the running change', async () => {
    const first = api.apply('capture-cpu-profile', { durationMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await api.apply('capture-cpu-profile', { durationMs: 100 });
    expect(second.status).toBe(409);
    expect(JSON.stringify(second.body)).toMatch(/being applied right now \(change [0-9a-f-]{36}\)/);
    expect((await first).status).toBe(201);
  });
});
