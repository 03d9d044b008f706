import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlClient } from './client.js';
import { ActionRegistry } from './registry.js';
import { type ControlServer, startControlServer } from './server.js';
import type { ChangeRecord } from './types.js';

const TOKEN = 'test-token-0123456789abcdef';

/** Real state an app action changes: a pool size. */
const pool = { size: 4 };
let failNextRollback = false;

function appActions(): ActionRegistry {
  const registry = new ActionRegistry();
  registry.register<{ size: number }>({
    name: 'resize-pool',
    description: 'Sets the pool size',
    impact: 'medium',
    risk: 'low',
    parameters: {
      type: 'object',
      properties: { size: { type: 'integer', minimum: 1, maximum: 64 } },
      required: ['size'],
      additionalProperties: false,
    },
    apply({ size }) {
      const before = { size: pool.size };
      pool.size = size;
      return {
        before,
        after: { size },
        rollback: () => {
          if (failNextRollback) {
            failNextRollback = false;
            throw new Error('pool is locked');
          }
          pool.size = before.size;
        },
      };
    },
  });
  registry.register({
    name: 'always-fails',
    description: 'Throws on apply',
    impact: 'low',
    risk: 'low',
    apply() {
      throw new Error('backend unavailable');
    },
  });
  return registry;
}

let server: ControlServer;
let api: ControlClient;
const logged: string[] = [];

async function start(extra: { leaseMs?: number; maxChanges?: number } = {}): Promise<void> {
  server = await startControlServer({
    token: TOKEN,
    port: 0,
    actions: appActions(),
    logger: (line) => logged.push(line),
    ...extra,
  });
  api = new ControlClient(server.url, TOKEN);
}

beforeEach(() => {
  pool.size = 4;
  failNextRollback = false;
  logged.length = 0;
});
afterEach(async () => {
  await server?.close();
});

const changeOf = (body: Record<string, unknown>): ChangeRecord => body.change as ChangeRecord;

describe('apply, confirm, rollback', () => {
  beforeEach(() => start());

  it('apply → 201 with before/after and a lease; rollback restores the state', async () => {
    const applied = await api.apply('resize-pool', { size: 16 });
    expect(applied.status).toBe(201);
    const change = changeOf(applied.body);
    expect(change).toMatchObject({
      action: 'resize-pool',
      state: 'applied',
      before: { size: 4 },
      after: { size: 16 },
    });
    expect(Date.parse(change.leaseExpiresAt!) - Date.parse(change.appliedAt)).toBeGreaterThanOrEqual(119_000);
    expect(pool.size).toBe(16);

    const rolled = await api.rollback(change.id);
    expect(rolled.status).toBe(200);
    expect(changeOf(rolled.body)).toMatchObject({ state: 'rolled_back', rollbackReason: 'requested' });
    expect(pool.size).toBe(4);
    expect(server.summary().activeLeases).toBe(0);

    const again = await api.rollback(change.id);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('rolled_back');
  });

  it('confirm keeps the change and cancels its lease; a confirmed change can still be rolled back', async () => {
    const change = changeOf((await api.apply('resize-pool', { size: 8 })).body);
    const confirmed = await api.confirm(change.id);
    expect(confirmed.status).toBe(200);
    expect(changeOf(confirmed.body)).toMatchObject({ state: 'confirmed' });
    expect(changeOf(confirmed.body).confirmedAt).toBeDefined();
    expect(server.summary().activeLeases).toBe(0);
    expect((await api.confirm(change.id)).status).toBe(409);
    expect(pool.size).toBe(8);
    expect((await api.rollback(change.id)).status).toBe(200);
    expect(pool.size).toBe(4);
  });

  it('409 while a change of the same action is applied and unconfirmed, naming it', async () => {
    const first = changeOf((await api.apply('resize-pool', { size: 8 })).body);
    const second = await api.apply('resize-pool', { size: 12 });
    expect(second.status).toBe(409);
    expect((second.body.error as { message: string }).message).toContain(first.id);
    expect(pool.size).toBe(8);
    await api.confirm(first.id);
    expect((await api.apply('resize-pool', { size: 12 })).status).toBe(201);
  });

  it('an older change superseded by a newer one of the same action cannot be rolled back first', async () => {
    const first = changeOf((await api.apply('resize-pool', { size: 8 })).body);
    await api.confirm(first.id);
    const second = changeOf((await api.apply('resize-pool', { size: 12 })).body);
    const res = await api.rollback(first.id);
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain(`roll back ${second.id} first`);
    await api.rollback(second.id);
    await api.rollback(first.id);
    expect(pool.size).toBe(4);
  });

  it('a failing apply is recorded as failed with its message, and nothing is left to roll back', async () => {
    const res = await api.apply('always-fails');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'apply_failed', message: 'backend unavailable' });
    const change = changeOf(res.body);
    expect(change.state).toBe('failed');
    expect((await api.rollback(change.id)).status).toBe(409);
    expect(changeOf((await api.change(change.id)).body).state).toBe('failed');
  });

  it('a failing rollback is recorded as rollback_failed and can be retried', async () => {
    const change = changeOf((await api.apply('resize-pool', { size: 2 })).body);
    failNextRollback = true;
    const failed = await api.rollback(change.id);
    expect(failed.status).toBe(500);
    expect(failed.body.error).toEqual({
      code: 'rollback_failed',
      message: 'rollback failed: pool is locked',
    });
    expect(changeOf(failed.body).state).toBe('rollback_failed');
    expect(pool.size).toBe(2);
    expect(logged.some((l) => l.includes('failed: pool is locked'))).toBe(true);
    const retried = await api.rollback(change.id);
    expect(changeOf(retried.body)).toMatchObject({ state: 'rolled_back' });
    expect(changeOf(retried.body).error).toBeUndefined();
    expect(pool.size).toBe(4);
  });

  it('missing required parameter names the field', async () => {
    const res = await api.apply('resize-pool', {});
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toBe('parameters.size is required');
  });

  it('lists changes newest first and summarizes them by state', async () => {
    const a = changeOf((await api.apply('resize-pool', { size: 8 })).body);
    await api.confirm(a.id);
    await api.apply('always-fails');
    const b = changeOf((await api.apply('resize-pool', { size: 9 })).body);
    const list = (await api.changes()).body.changes as ChangeRecord[];
    expect(list.map((c) => c.id)[0]).toBe(b.id);
    expect(list.map((c) => c.state)).toEqual(['applied', 'failed', 'confirmed']);
    expect(server.summary()).toMatchObject({
      current: { applied: 1, confirmed: 1, failed: 1, rolled_back: 0 },
      transitions: { applied: 2, confirmed: 1, failed: 1 },
      activeLeases: 1,
    });
  });
});

describe('leases', () => {
  it('an unconfirmed change is rolled back by the process when its lease expires', async () => {
    await start();
    const change = changeOf((await api.apply('resize-pool', { size: 32 }, 200)).body);
    expect(pool.size).toBe(32);
    await sleep(400);
    expect(pool.size).toBe(4);
    const after = changeOf((await api.change(change.id)).body);
    expect(after).toMatchObject({ state: 'rolled_back', rollbackReason: 'lease-expired' });
    expect(server.summary().activeLeases).toBe(0);
  });

  it('the server default lease applies when the request gives none; confirm stops it', async () => {
    await start({ leaseMs: 200 });
    const expiring = changeOf((await api.apply('resize-pool', { size: 5 })).body);
    await sleep(400);
    expect(changeOf((await api.change(expiring.id)).body).state).toBe('rolled_back');
    const kept = changeOf((await api.apply('resize-pool', { size: 6 })).body);
    await api.confirm(kept.id);
    await sleep(400);
    expect(changeOf((await api.change(kept.id)).body).state).toBe('confirmed');
    expect(pool.size).toBe(6);
  });

  it('close clears lease timers and leaves applied changes as they are', async () => {
    await start();
    const change = changeOf((await api.apply('resize-pool', { size: 7 }, 150)).body);
    await server.close();
    expect(server.summary().activeLeases).toBe(0);
    await sleep(300);
    expect(pool.size).toBe(7);
    expect(server.ledger.get(change.id)?.state).toBe('applied');
  });
});

describe('ring bound', () => {
  it('keeps at most maxChanges records, dropping settled ones first', async () => {
    await start({ maxChanges: 3 });
    const applied = changeOf((await api.apply('resize-pool', { size: 3 })).body);
    for (let i = 0; i < 5; i++) await api.apply('always-fails');
    const list = (await api.changes()).body.changes as ChangeRecord[];
    expect(list).toHaveLength(3);
    expect(list.map((c) => c.id)).toContain(applied.id);
    expect(server.summary().evicted).toBe(3);
    expect(server.summary().transitions.failed).toBe(5);
  });
});
