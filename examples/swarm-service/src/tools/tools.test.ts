import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.OTEL_SDK_DISABLED = 'true';
});

import type { ApplyOutcome } from '@claude-zen/otel';
import { connectionPoolingAction } from '../actions/connection-pooling.js';
import { ToolClient } from './tool-client.js';
import { ToolServer } from './tool-server.js';

const server = new ToolServer();
let port: number;

beforeAll(async () => {
  port = await server.start();
});
afterAll(async () => {
  await server.stop();
});

describe('tool backend over real TCP', () => {
  it('unpooled, every call opens (and closes) its own connection', async () => {
    const client = new ToolClient(port);
    const before = server.connections;
    for (let i = 0; i < 5; i++) await client.call(1);
    expect(client.opened).toBe(5);
    expect(server.connections - before).toBe(5);
    await vi.waitFor(() => expect(client.openConnections).toBe(0));
  });

  it('pooled, concurrent calls share at most maxConnections connections, and turning it off closes them', async () => {
    const client = new ToolClient(port);
    expect(client.setPooling({ maxConnections: 2 })).toBeUndefined();
    const before = server.connections;
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => client.call(10)));
    // 10 calls of 10 ms on 2 connections, in line: at least 5 rounds
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(client.opened).toBe(2);
    expect(server.connections - before).toBe(2);
    await client.call(1);
    expect(client.opened).toBe(2); // reused
    expect(client.openConnections).toBe(2);
    expect(client.setPooling(undefined)).toEqual({ maxConnections: 2 });
    await vi.waitFor(() => expect(client.openConnections).toBe(0));
  });

  it('the connection-pooling action turns pooling on and its rollback restores the previous state', async () => {
    const client = new ToolClient(port);
    const o = (await connectionPoolingAction(client).apply({
      maxConnections: 3,
    })) as unknown as ApplyOutcome & {
      rollback: () => unknown;
    };
    expect(client.settings).toEqual({ maxConnections: 3 });
    await Promise.all(Array.from({ length: 6 }, () => client.call(2)));
    expect(client.opened).toBe(3);
    await o.rollback();
    expect(client.settings).toBeUndefined();
  });
});
