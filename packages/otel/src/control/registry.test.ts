import { afterEach, describe, expect, it } from 'vitest';
import { ControlClient } from './client.js';
import { ControlError } from './errors.js';
import { ActionRegistry, actions, registerAction } from './registry.js';
import { type ControlServer, startControlServer } from './server.js';
import type { ActionDefinition } from './types.js';

const noop: ActionDefinition = {
  name: 'noop',
  description: 'does nothing',
  impact: 'low',
  risk: 'low',
  apply: () => () => {},
};

describe('ActionRegistry.register', () => {
  it.each(['Switch', 'switch_topology', 'switch--topology', '-switch', 'switch-', '9lives', ''])(
    'refuses the non-kebab-case name %j',
    (name) => {
      expect(() => new ActionRegistry().register({ ...noop, name })).toThrow(/must be kebab-case/);
    },
  );

  it('refuses duplicates, naming the action', () => {
    const r = new ActionRegistry();
    r.register(noop);
    expect(() => r.register(noop)).toThrow('action "noop" is already registered; names must be unique');
  });

  it('refuses a name already in the parent, and built-in names', () => {
    const parent = new ActionRegistry();
    parent.register(noop);
    expect(() => new ActionRegistry(parent).register(noop)).toThrow(/already registered/);
    expect(() => parent.register({ ...noop, name: 'trigger-gc' })).toThrow(/reserved for a built-in/);
  });

  it('refuses bad levels, a missing apply or description, an invalid schema', () => {
    const r = new ActionRegistry();
    expect(() => r.register({ ...noop, impact: 'huge' as 'low' })).toThrow(
      'action "noop": impact must be one of low, medium, high',
    );
    expect(() => r.register({ ...noop, apply: undefined as never })).toThrow(/needs an apply/);
    expect(() => r.register({ ...noop, description: ' ' })).toThrow(/needs a description/);
    expect(() => r.register({ ...noop, parameters: { type: 'objekt' } })).toThrow(
      /parameters schema of action "noop" is invalid/,
    );
    const err = (() => {
      try {
        r.register({ ...noop, risk: 'none' as 'low' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ControlError);
    expect((err as ControlError).code).toBe('invalid_action');
  });
});

describe('registerAction singleton', () => {
  let server: ControlServer | undefined;
  afterEach(async () => {
    await server?.close();
    actions.unregister('late-action');
    actions.unregister('early-action');
  });

  it('actions registered before and after the server starts are both served', async () => {
    let applied = 0;
    registerAction({ ...noop, name: 'early-action', apply: () => void applied++ });
    server = await startControlServer({ token: 'test-token-0123456789abcdef', port: 0 });
    registerAction({ ...noop, name: 'late-action', apply: () => void applied++ });
    const api = new ControlClient(server.url, 'test-token-0123456789abcdef');
    const names = ((await api.json('GET', '/v1/actions')).body.actions as { name: string }[]).map(
      (a) => a.name,
    );
    expect(names).toContain('early-action');
    expect(names).toContain('late-action');
    expect((await api.apply('early-action')).status).toBe(201);
    expect((await api.apply('late-action')).status).toBe(201);
    expect(applied).toBe(2);
  });

  it('an apply() returning something else than a rollback fails the change clearly', async () => {
    const r = new ActionRegistry();
    r.register({ ...noop, apply: () => 42 as never });
    server = await startControlServer({ token: 'test-token-0123456789abcdef', port: 0, actions: r });
    const res = await new ControlClient(server.url, 'test-token-0123456789abcdef').apply('noop');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).toContain('must return a rollback function');
  });
});
