import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient } from './client.js';
import { ActionRegistry } from './registry.js';
import { type ControlServer, startControlServer } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';

let server: ControlServer;
let api: ControlClient;

beforeEach(async () => {
  server = await startControlServer({
    token: TOKEN,
    port: 0,
    actions: new ActionRegistry(),
    bodyLimitBytes: 1024,
  });
  api = new ControlClient(server.url, TOKEN);
});
afterEach(async () => {
  await server.close();
});

describe('authentication before routing', () => {
  const cases: [string, string][] = [
    ['GET', '/v1/health'],
    ['GET', '/v1/actions'],
    ['POST', '/v1/actions/trigger-gc/apply'],
    ['GET', '/v1/changes'],
    ['GET', '/v1/changes/abc'],
    ['POST', '/v1/changes/abc/confirm'],
    ['POST', '/v1/changes/abc/rollback'],
    ['DELETE', '/v1/actions'],
    ['GET', '/no/such/path'],
    ['PUT', '/'],
  ];
  const credentials: [string, Record<string, string>][] = [
    ['no header', {}],
    ['wrong token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
    ['token prefix', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }],
    ['basic scheme', { authorization: `Basic ${TOKEN}` }],
    ['empty bearer', { authorization: 'Bearer ' }],
  ];
  for (const [method, path] of cases) {
    it(`${method} ${path} → 401 for every bad credential`, async () => {
      const anonymous = new ControlClient(server.url, undefined);
      for (const [, headers] of credentials) {
        const res = await anonymous.raw(method, path, method === 'GET' ? undefined : '{}', headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(res.body).toEqual({
          error: { code: 'unauthorized', message: 'missing or invalid bearer token' },
        });
      }
    });
  }

  it('accepts the right token, with any case of the scheme', async () => {
    const res = await new ControlClient(server.url, undefined).raw('GET', '/v1/health', undefined, {
      authorization: `bearer ${TOKEN}`,
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('refuses to start with a missing or short token', async () => {
    await expect(startControlServer({ token: '', port: 0 })).rejects.toThrow(/at least 16 characters/);
    await expect(startControlServer({ token: 'short', port: 0 })).rejects.toThrow(/CLAUDE_ZEN_CONTROL_TOKEN/);
  });
});

describe('request errors', () => {
  it('404 names the path for unknown routes, 405 lists allowed methods', async () => {
    const notFound = await api.raw('GET', '/v2/nothing');
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toMatchObject({ code: 'not_found' });
    const notAllowed = await api.raw('DELETE', '/v1/changes');
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.get('allow')).toBe('GET');
    expect(JSON.stringify(notAllowed.body)).toContain('DELETE is not allowed on /v1/changes');
  });

  it('400 on bad JSON, naming the problem', async () => {
    const res = await api.raw('POST', '/v1/actions/trigger-gc/apply', '{"parameters": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_json' });
    expect((res.body.error as { message: string }).message).toMatch(/not valid JSON/);
    const array = await api.raw('POST', '/v1/actions/trigger-gc/apply', '[1]');
    expect(array.status).toBe(400);
    expect(JSON.stringify(array.body)).toContain('must be a JSON object');
  });

  it('413 on a body over the limit, declared or chunked', async () => {
    const big = JSON.stringify({ parameters: { pad: 'x'.repeat(2048) } });
    const declared = await api.raw('POST', '/v1/actions/trigger-gc/apply', big);
    expect(declared.status).toBe(413);
    expect(JSON.stringify(declared.body)).toContain('1024 bytes');

    const chunked = await new Promise<number>((resolve, reject) => {
      const url = new URL('/v1/actions/trigger-gc/apply', server.url);
      const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(512));
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it('400 names the bad field of the request body and of the parameters', async () => {
    const extra = await api.json('POST', '/v1/actions/trigger-gc/apply', { parameters: {}, lease: 5 });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('body.lease is not allowed');

    const lease = await api.json('POST', '/v1/actions/trigger-gc/apply', { leaseMs: 'soon' });
    expect(lease.status).toBe(400);
    expect(JSON.stringify(lease.body)).toContain('body.leaseMs must be integer');

    const duration = await api.apply('capture-cpu-profile', { durationMs: 5 });
    expect(duration.status).toBe(400);
    expect((duration.body.error as { message: string }).message).toBe('parameters.durationMs must be >= 100');

    const type = await api.apply('tune-http-agents', { maxSockets: 'many' });
    expect(type.status).toBe(400);
    expect(JSON.stringify(type.body)).toContain('parameters.maxSockets must be integer,null');
  });

  it('404 on an unknown action lists the available ones', async () => {
    const res = await api.apply('make-it-fast');
    expect(res.status).toBe(404);
    const message = (res.body.error as { message: string }).message;
    expect(message).toContain('unknown action "make-it-fast"');
    expect(message).toContain('trigger-gc');
    expect(message).toContain('tune-http-agents');
  });

  it('404 on an unknown change', async () => {
    for (const res of [await api.change('nope'), await api.confirm('nope'), await api.rollback('nope')]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'unknown_change' });
    }
  });
});

describe('listing', () => {
  it('lists actions with description, impact, risk and parameters schema', async () => {
    const res = await api.json('GET', '/v1/actions');
    expect(res.status).toBe(200);
    const list = res.body.actions as { name: string; impact: string; risk: string; parameters: object }[];
    expect(list.map((a) => a.name)).toEqual([
      'capture-cpu-profile',
      'capture-heap-snapshot',
      'trigger-gc',
      'tune-http-agents',
    ]);
    for (const a of list) {
      expect(['low', 'medium', 'high']).toContain(a.impact);
      expect(['low', 'medium', 'high']).toContain(a.risk);
      expect(a.parameters).toMatchObject({ type: 'object' });
    }
  });

  it('health reports counts by state', async () => {
    const res = await api.json('GET', '/v1/health');
    expect(res.body).toMatchObject({ status: 'ok', pid: process.pid, actions: 4 });
    expect((res.body.changes as { current: object }).current).toEqual({
      applied: 0,
      confirmed: 0,
      rolled_back: 0,
      failed: 0,
      rollback_failed: 0,
    });
  });

  it('binds 127.0.0.1 by default and the URL carries no token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reports a busy port with the option to change', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startControlServer({ token: TOKEN, port })).rejects.toThrow(
      /EADDRINUSE.*CLAUDE_ZEN_CONTROL_PORT/,
    );
  });
});
