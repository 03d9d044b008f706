import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '../swarm/types.js';
import { LoadGenerator, pickType } from './generator.js';

describe('LoadGenerator', () => {
  it('submits tasks over HTTP at its rate, reads them back, and stops', async () => {
    const seen: { method: string; url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end(req.url === '/tasks' ? '{"id":"t-1","status":"queued"}' : '{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const load = new LoadGenerator(`http://127.0.0.1:${port}`, 50);
    try {
      load.start();
      await sleep(400);
      load.stop();
      await sleep(50);
      const count = seen.length;
      const tasks = seen.filter((s) => s.method === 'POST' && s.url === '/tasks');
      expect(tasks.length).toBeGreaterThanOrEqual(5);
      for (const t of tasks) expect(TASK_TYPES).toContain(JSON.parse(t.body).type);
      expect(seen.some((s) => s.url === '/tasks/t-1')).toBe(true);
      expect(seen.some((s) => s.url === '/infer')).toBe(true);
      await sleep(100);
      expect(seen.length).toBe(count); // stopped
    } finally {
      load.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('does nothing at 0 requests per second', () => {
    const load = new LoadGenerator('http://127.0.0.1:9', 0);
    load.start();
    expect(load.sent).toBe(0);
    load.stop();
  });

  it('follows the task mix', () => {
    expect(pickType(0)).toBe('code');
    expect(pickType(0.5)).toBe('research');
    expect(pickType(0.99)).toBe('design');
  });
});
