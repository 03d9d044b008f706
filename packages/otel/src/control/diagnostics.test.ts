import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient } from './client.js';
import { ActionRegistry } from './registry.js';
import { type ControlServer, startControlServer } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';
let dir: string;
let server: ControlServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cz-diag-'));
  server = await startControlServer({
    token: TOKEN,
    port: 0,
    actions: new ActionRegistry(),
    diagnosticsDir: dir,
  });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (body: string, token = TOKEN) =>
  fetch(`${server.url}/v1/diagnostics/heap-snapshot`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

describe('POST /v1/diagnostics/heap-snapshot', () => {
  it('streams a heap snapshot back and deletes its file', async () => {
    const res = await post('{}');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="heap-.*-${process.pid}-\\d+\\.heapsnapshot"$`),
    );
    const text = await res.text();
    expect(text.length).toBe(Number(res.headers.get('content-length')));
    const snapshot = JSON.parse(text) as { snapshot: { node_count: number } };
    expect(snapshot.snapshot.node_count).toBeGreaterThan(1000);
    // the file is gone once sent
    await new Promise((r) => setTimeout(r, 50));
    expect(await readdir(dir)).toEqual([]);
  });

  it('with download false keeps the file (mode 0600) and answers its path', async () => {
    const res = await post('{"download":false}');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { path: string; sizeBytes: number; durationMs: number };
    expect(dirname(body.path)).toBe(dir);
    expect(body.sizeBytes).toBeGreaterThan(100_000);
    expect((await stat(body.path)).mode & 0o777).toBe(0o600);
  });

  it('needs the bearer token and a valid body', async () => {
    const anonymous = await post('{}', 'wrong-token-0123456789abcdef');
    expect(anonymous.status).toBe(401);
    const bad = await new ControlClient(server.url, TOKEN).json('POST', '/v1/diagnostics/heap-snapshot', {
      download: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { code: 'invalid_request', message: 'body.download must be boolean' },
    });
    const get = await new ControlClient(server.url, TOKEN).json('GET', '/v1/diagnostics/heap-snapshot');
    expect(get.status).toBe(405);
    expect(await readdir(dir)).toEqual([]);
  });
});
