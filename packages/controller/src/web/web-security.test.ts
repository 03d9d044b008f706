/**
 * The web server's guards, on real ControllerService instances listening on 127.0.0.1: every
 * endpoint the OpenAPI document lists as changing something refuses a missing or wrong token
 * (401) and answers 403 when no token is configured; --no-auth works only on loopback; rate
 * limiting answers 429; security headers and the strict CSP are on every answer; bad input gets
 * an error naming the field.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MonitorError } from '../monitor/errors.js';
import { ControllerService } from '../monitor/service.js';

const TOKEN = 'web-security-token-0123';
let dir: string;
let withToken: ControllerService;
let noToken: ControllerService;
let noAuth: ControllerService;
let limited: ControllerService;

const start = async (name: string, http: ConstructorParameters<typeof ControllerService>[0]['http']) => {
  const s = new ControllerService({
    dataDir: join(dir, name),
    defaultRules: false,
    http: { port: 0, ...http },
  });
  await s.start();
  return s;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'web-security-'));
  [withToken, noToken, noAuth, limited] = await Promise.all([
    start('token', { token: TOKEN }),
    start('none', {}),
    start('noauth', { auth: false }),
    start('limited', { token: TOKEN, rateLimit: { max: 5, windowMs: 60_000 } }),
  ]);
});

afterAll(async () => {
  await Promise.all([withToken, noToken, noAuth, limited].map((s) => s?.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; parameters?: { in: string; name: string }[] }>
  >;
}

/** Every (method, path) of the document that changes something, path parameters filled in. */
async function mutatingRoutes(url: string): Promise<{ method: string; path: string }[]> {
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as OpenApiDoc;
  const out: { method: string; path: string }[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const method of Object.keys(ops))
      if (['post', 'put', 'delete', 'patch'].includes(method))
        out.push({
          method: method.toUpperCase(),
          path: path.replace('{name}', 'cpu').replace(/\{[^}]+\}/g, 'some-id'),
        });
  return out;
}

describe('auth on every endpoint that changes something', () => {
  it('the OpenAPI document lists them with the bearer scheme', async () => {
    const doc = (await (await fetch(`${withToken.url}/api/openapi.json`)).json()) as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\./);
    const routes = await mutatingRoutes(withToken.url as string);
    expect(routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        'DELETE /api/silences/some-id',
        'POST /-/reload',
        'POST /api/demo/faults/cpu',
        'POST /api/optimizations/some-id/approve',
        'POST /api/optimizations/some-id/rollback',
        'POST /api/optimize',
        'POST /api/silences',
        'POST /webhooks/alertmanager',
      ].sort(),
    );
    for (const [, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops))
        if (m !== 'get') expect(op.security).toEqual([{ bearer: [] }]);
  });

  it('401 without a token and with a wrong one; 403 when none is configured', async () => {
    const routes = await mutatingRoutes(withToken.url as string);
    for (const { method, path } of routes) {
      const body = JSON.stringify({ strategy: 'cpu', enabled: true });
      const none = await fetch(`${withToken.url}${path}`, { method, body });
      expect(none.status, `${method} ${path} without a token`).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await fetch(`${withToken.url}${path}`, {
        method,
        body,
        headers: { authorization: `Bearer ${TOKEN}x` },
      });
      expect(wrong.status, `${method} ${path} with a wrong token`).toBe(401);
      expect(((await wrong.json()) as { errorType: string }).errorType).toBe('unauthorized');
      const unconfigured = await fetch(`${noToken.url}${path}`, {
        method,
        body,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(unconfigured.status, `${method} ${path} with no token configured`).toBe(403);
      expect(((await unconfigured.json()) as { error: string }).error).toMatch(/--token/);
    }
  });

  it('the right token passes', async () => {
    const res = await fetch(`${withToken.url}/-/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'success', rules: 0 });
  });

  it('a cross-site browser request is refused even with the token', async () => {
    const res = await fetch(`${withToken.url}/-/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/^origin: /);
  });

  it('--no-auth (http.auth false) needs no token on loopback, and is refused elsewhere', async () => {
    const ok = await fetch(`${noAuth.url}/-/reload`, { method: 'POST' });
    expect(ok.status).toBe(200);
    // a DNS-rebound page: the browser sends its own Host (fetch cannot set Host, node:http can)
    const url = new URL(noAuth.url as string);
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/-/reload',
          method: 'POST',
          headers: { host: 'evil.example' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    expect(() => new ControllerService({ http: { host: '0.0.0.0', auth: false } })).toThrow(MonitorError);
    expect(() => new ControllerService({ http: { host: '0.0.0.0', auth: false } })).toThrow(/^http\.auth: /);
  });
});

describe('rate limiting', () => {
  it('answers 429 past the limit for changes, even from loopback; reads from loopback are not limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (
          await fetch(`${limited.url}/-/reload`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}` },
          })
        ).status,
      );
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const last = await fetch(`${limited.url}/-/reload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await last.json()).toMatchObject({ status: 'error', errorType: 'too_many_requests' });
    for (let i = 0; i < 10; i++) expect((await fetch(`${limited.url}/api/alerts`)).status).toBe(200);
  });
});

describe('security headers', () => {
  it('a strict CSP (self only, no inline script) and the usual headers on API answers and pages', async () => {
    for (const path of ['/api/alerts', '/dashboard', '/nope']) {
      const res = await fetch(`${withToken.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
    expect((await fetch(`${withToken.url}/api/alerts`)).headers.get('cache-control')).toBe('no-store');
  });
});

describe('bad input: errors name the field and the fix', () => {
  const post = (path: string, body: string) =>
    fetch(`${withToken.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
  const error = async (res: Response) =>
    (await res.json()) as { error: string; errorType: string; status: string };

  it('query, path and body fields', async () => {
    const period = await fetch(`${withToken.url}/api/metrics/trends?period=2h`);
    expect(period.status).toBe(400);
    expect(await error(period)).toEqual({
      status: 'error',
      errorType: 'bad_data',
      error: 'period: must be one of 15m, 1h, 6h, 24h',
    });
    const component = await fetch(`${withToken.url}/api/health/disk`);
    expect(component.status).toBe(404);
    expect((await error(component)).error).toMatch(/^component: .*system, cpu, memory, swarm, api, neural/);
    const area = await fetch(`${withToken.url}/api/analyze/gpu`);
    expect(area.status).toBe(400);
    expect((await error(area)).error).toMatch(/^area: must be one of cpu, memory, api, swarm, neural/);
    const timeframe = await fetch(`${withToken.url}/api/analyze/cpu?timeframe=soon`);
    expect((await error(timeframe)).error).toMatch(/^timeframe: /);
    const query = await fetch(`${withToken.url}/api/v1/query`);
    expect((await error(query)).error).toBe('query: is required');
    const step = await fetch(`${withToken.url}/api/v1/query_range?query=up&start=0&end=10&step=never`);
    expect((await error(step)).error).toMatch(/^step: /);
    const strategy = await post('/api/optimize', JSON.stringify({ strategy: 'gpu' }));
    expect(strategy.status).toBe(400);
    expect((await error(strategy)).error).toBe('body.strategy: must be one of cpu, memory, network, neural');
    const missing = await post('/api/optimize', JSON.stringify({}));
    expect((await error(missing)).error).toBe('body.strategy: is required');
    const extra = await post('/api/optimize', JSON.stringify({ strategy: 'cpu', force: true }));
    expect((await error(extra)).error).toMatch(/^body\.force: is not a known field/);
    const enabled = await post('/api/demo/faults/cpu', JSON.stringify({ enabled: 'yes' }));
    expect((await error(enabled)).error).toBe('body.enabled: must be boolean');
    const fault = await post('/api/demo/faults/meltdown', JSON.stringify({ enabled: true }));
    expect((await error(fault)).error).toMatch(
      /^name: must be one of leak, cpu, latency, slow-inference, errors/,
    );
    const notConfigured = await post('/api/demo/faults/cpu', JSON.stringify({ enabled: true }));
    expect(notConfigured.status).toBe(404);
    expect((await error(notConfigured)).error).toMatch(/demo faults not configured.*--demo-faults-url/);
    const silence = await post('/api/silences', JSON.stringify({ matchers: [] }));
    expect(silence.status).toBe(400);
    expect((await error(silence)).error).toMatch(/^matchers: /);
  });

  it('not JSON, too large, wrong method, unknown route', async () => {
    const notJson = await post('/api/silences', '{"matchers": [');
    expect(notJson.status).toBe(400);
    expect((await error(notJson)).error).toMatch(/^body: not valid JSON/);
    const big = await post('/api/silences', JSON.stringify({ comment: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect((await error(big)).error).toMatch(/^body: larger than the limit \(64 KiB\)/);
    const method = await fetch(`${withToken.url}/api/optimize`);
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    const put = await fetch(`${withToken.url}/api/silences/abc`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, DELETE');
    const unknown = await fetch(`${withToken.url}/api/nothing`);
    expect(unknown.status).toBe(404);
    expect((await error(unknown)).error).toMatch(/\/api\/openapi\.json/);
  });

  it('optimization off: approve says how to turn it on', async () => {
    const off = new ControllerService({
      dataDir: join(dir, 'off'),
      defaultRules: false,
      optimization: { mode: 'off' },
      http: { port: 0, token: TOKEN },
    });
    await off.start();
    try {
      const res = await fetch(`${off.url}/api/optimizations/x/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(409);
      expect((await error(res)).error).toMatch(/--optimization recommend or automatic/);
    } finally {
      await off.stop();
    }
  });
});

describe('self-scrape', () => {
  it('scrapes its own /metrics into the embedded store only when the HTTP server runs', async () => {
    const on = new ControllerService({
      dataDir: join(dir, 'self-on'),
      defaultRules: false,
      scrapeIntervalMs: 100,
      http: { port: 0 },
    });
    const off = new ControllerService({
      dataDir: join(dir, 'self-off'),
      defaultRules: false,
      scrapeIntervalMs: 100,
      http: { enabled: false },
    });
    await Promise.all([on.start(), off.start()]);
    try {
      await new Promise((r) => setTimeout(r, 600));
      const up = async (s: ControllerService) => {
        const r = await s.backend.instant('up{job="claude-zen-controller"}', Date.now());
        return r.resultType === 'vector' ? r.result.map((x) => x.point.v) : [];
      };
      expect(await up(on)).toEqual([1]);
      expect(off.url).toBeUndefined();
      expect(await up(off)).toEqual([]);
    } finally {
      await Promise.all([on.stop(), off.stop()]);
    }
  });
});

describe('static pages', () => {
  it('serves the dashboard, its assets, uPlot and the Socket.IO client from the package', async () => {
    const root = await fetch(`${withToken.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/dashboard');
    for (const page of [
      '/dashboard',
      '/dashboard/system',
      '/dashboard/swarm',
      '/dashboard/neural',
      '/dashboard/api',
    ]) {
      const res = await fetch(`${withToken.url}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toMatch(/<html/i);
    }
    const unknown = await fetch(`${withToken.url}/dashboard/admin`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: string }).error).toMatch(
      /^page: .*system, swarm, neural, api/,
    );
    const app = await fetch(`${withToken.url}/assets/app.js`);
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toMatch(/javascript/);
    const uplot = await fetch(`${withToken.url}/vendor/uplot/uPlot.iife.min.js`);
    expect(uplot.status).toBe(200);
    expect(await uplot.text()).toMatch(/uPlot/);
    expect((await fetch(`${withToken.url}/vendor/uplot/uPlot.min.css`)).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
    // only uPlot's files, nothing else of node_modules
    expect((await fetch(`${withToken.url}/vendor/uplot/uPlot.esm.js`)).status).toBe(404);
    expect((await fetch(`${withToken.url}/vendor/uplot/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${withToken.url}/assets/..%2Findex.html`)).status).toBe(404);
    const client = await fetch(`${withToken.url}/socket.io/socket.io.js`);
    expect(client.status).toBe(200);
    expect(await client.text()).toMatch(/Socket\.IO v4/);
  });
});

describe('live feed from another site', () => {
  const connect = (headers: Record<string, string>) =>
    new Promise<'connected' | 'refused'>((resolve) => {
      const socket = io(withToken.url as string, {
        extraHeaders: headers,
        reconnection: false,
        forceNew: true,
      });
      socket.on('connect', () => {
        socket.disconnect();
        resolve('connected');
      });
      socket.on('connect_error', () => {
        socket.disconnect();
        resolve('refused');
      });
    });

  it('is refused to a page of another origin, open to its own pages and to programs', async () => {
    const own = `http://${new URL(withToken.url as string).host}`;
    expect(await connect({ origin: 'http://evil.example' })).toBe('refused');
    expect(await connect({ origin: own })).toBe('connected');
    expect(await connect({})).toBe('connected');
  });
});

describe('web settings', () => {
  it('bad values name the field and the fix', () => {
    expect(() => new ControllerService({ demo: { faultsUrl: 'ftp://x' } })).toThrow(
      /^demo\.faultsUrl: .*http:\/\//,
    );
    expect(() => new ControllerService({ http: { liveIntervalMs: 10 } })).toThrow(
      /^http\.liveIntervalMs: .*>= 50/,
    );
    expect(() => new ControllerService({ http: { rateLimit: { max: 0, windowMs: 1000 } } })).toThrow(
      /^http\.rateLimit\.max: /,
    );
    expect(() => new ControllerService({ http: { host: '::1', auth: false } })).not.toThrow();
  });
});
