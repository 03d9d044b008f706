import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';
import { AlertStateMachine } from './machine.js';
import type { SeriesObservation } from './types.js';

const M = 60_000;
const labels = { alertname: 'cpu', instance: 'a' };

function obs(active: boolean, over: Partial<SeriesObservation> = {}): SeriesObservation {
  return {
    labels,
    active,
    value: active ? 9 : 1,
    severity: 'warning',
    score: active ? 2 : 0.5,
    expected: 1,
    lower: 0,
    upper: 2,
    evidence: {},
    ...over,
  };
}

function transitions(m: AlertStateMachine, at: number, o: SeriesObservation[]): string[] {
  return m.observe(at, o).map((c) => `${c.from}->${c.to}`);
}

describe('AlertStateMachine', () => {
  it('inactive → pending → firing after `for`, then resolved', () => {
    const m = new AlertStateMachine('cpu', { forMs: 2 * M, keepFiringForMs: 0, cooldownMs: 0 });
    expect(transitions(m, 0, [obs(false)])).toEqual([]);
    expect(transitions(m, 1 * M, [obs(true)])).toEqual(['inactive->pending']);
    expect(transitions(m, 2 * M, [obs(true)])).toEqual([]);
    expect(transitions(m, 3 * M, [obs(true)])).toEqual(['pending->firing']);
    expect(m.active()[0].state).toBe('firing');
    expect(transitions(m, 4 * M, [obs(false)])).toEqual(['firing->resolved']);
    expect(m.active()).toEqual([]);
  });

  it('pending that clears before `for` goes back to inactive and fires nothing', () => {
    const m = new AlertStateMachine('cpu', { forMs: 5 * M, keepFiringForMs: 0, cooldownMs: 0 });
    expect(transitions(m, 0, [obs(true)])).toEqual(['inactive->pending']);
    expect(transitions(m, M, [obs(false)])).toEqual(['pending->inactive']);
    expect(transitions(m, 2 * M, [obs(true)])).toEqual(['inactive->pending']);
    const c = m.observe(7 * M, [obs(true)]);
    expect(c.map((x) => x.to)).toEqual(['firing']);
    expect(c[0].activeAt).toBe(2 * M);
  });

  it('for = 0 fires at once', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 0, cooldownMs: 0 });
    expect(transitions(m, 0, [obs(true)])).toEqual(['inactive->firing']);
  });

  it('keep_firing_for holds a firing alert after the condition clears', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 3 * M, cooldownMs: 0 });
    m.observe(0, [obs(true)]);
    expect(transitions(m, M, [obs(false)])).toEqual([]);
    expect(transitions(m, 2 * M, [obs(false)])).toEqual([]);
    expect(transitions(m, 3 * M, [obs(false)])).toEqual(['firing->resolved']);
  });

  it('keep_firing_for restarts when the condition comes back', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 2 * M, cooldownMs: 0 });
    m.observe(0, [obs(true)]);
    m.observe(M, [obs(false)]);
    expect(transitions(m, 2 * M, [obs(true)])).toEqual([]);
    expect(transitions(m, 3 * M, [obs(false)])).toEqual([]);
    expect(transitions(m, 4 * M, [obs(false)])).toEqual(['firing->resolved']);
  });

  it('cooldown: no new alert for the same series until it has passed', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 0, cooldownMs: 5 * M });
    m.observe(0, [obs(true)]);
    expect(transitions(m, M, [obs(false)])).toEqual(['firing->resolved']);
    expect(transitions(m, 2 * M, [obs(true)])).toEqual([]);
    expect(transitions(m, 5 * M, [obs(true)])).toEqual([]);
    expect(transitions(m, 6 * M, [obs(true)])).toEqual(['resolved->firing']);
  });

  it('a resolved alert is forgotten once the cooldown is over', () => {
    const m = new AlertStateMachine('cpu', { forMs: M, keepFiringForMs: 0, cooldownMs: 2 * M });
    m.observe(0, [obs(true)]);
    m.observe(M, [obs(true)]);
    m.observe(2 * M, [obs(false)]);
    expect(m.snapshot().map((r) => r.state)).toEqual(['resolved']);
    expect(transitions(m, 4 * M, [obs(false)])).toEqual([]);
    expect(m.snapshot()).toEqual([]);
    expect(transitions(m, 5 * M, [obs(true)])).toEqual(['inactive->pending']);
  });

  it('a series missing from an evaluation counts as inactive', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 0, cooldownMs: 0 });
    m.observe(0, [obs(true)]);
    expect(transitions(m, M, [])).toEqual(['firing->resolved']);
  });

  it('each label set is its own alert; duplicates collapse by fingerprint, most severe wins', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 0, cooldownMs: 0 });
    const b = { alertname: 'cpu', instance: 'b' };
    const c = m.observe(0, [
      obs(true, { score: 1.5 }),
      obs(true, { labels: { instance: 'a', alertname: 'cpu' }, score: 3, severity: 'critical' }),
      obs(false, { labels: b }),
    ]);
    expect(c).toHaveLength(1);
    expect(c[0].severity).toBe('critical');
    expect(c[0].fingerprint).toBe(fingerprint(labels));
    expect(c[0]).toMatchObject({ rule: 'cpu', from: 'inactive', to: 'firing', at: 0, value: 9, score: 3 });
  });

  it('reports a severity change of a firing alert', () => {
    const m = new AlertStateMachine('cpu', { forMs: 0, keepFiringForMs: 0, cooldownMs: 0 });
    m.observe(0, [obs(true)]);
    const c = m.observe(M, [obs(true, { severity: 'critical' })]);
    expect(c.map((x) => `${x.from}->${x.to}:${x.severity}`)).toEqual(['firing->firing:critical']);
  });

  it('snapshot/restore carries alert state over to a new machine', () => {
    const m = new AlertStateMachine('cpu', { forMs: 2 * M, keepFiringForMs: 0, cooldownMs: 0 });
    m.observe(0, [obs(true)]);
    const n = new AlertStateMachine('cpu', { forMs: 2 * M, keepFiringForMs: 0, cooldownMs: 0 });
    n.restore(m.snapshot());
    expect(transitions(n, 2 * M, [obs(true)])).toEqual(['pending->firing']);
  });

  it('fingerprints ignore label order', () => {
    expect(fingerprint({ a: '1', b: '2' })).toBe(fingerprint({ b: '2', a: '1' }));
    expect(fingerprint({ a: '1' })).not.toBe(fingerprint({ a: '2' }));
  });
});
