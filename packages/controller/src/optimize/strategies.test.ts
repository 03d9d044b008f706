import { describe, expect, it } from 'vitest';
import { conditionMet, rankActions, STRATEGIES, strategiesForAlert } from './strategies.js';
import type { AdvertisedAction } from './types.js';

const offer = (name: string, impact = 'high', risk = 'low'): AdvertisedAction =>
  ({ name, description: '', impact, risk }) as AdvertisedAction;

describe('strategies', () => {
  it('rank only the actions the target advertises, by impact and risk', () => {
    const ranked = rankActions(STRATEGIES.cpu, [
      offer('switch-topology'),
      offer('trigger-gc'),
      offer('batch-inference'),
    ]);
    expect(ranked.map((r) => r.action.name)).toEqual(['switch-topology', 'batch-inference']);
    expect(rankActions(STRATEGIES.neural, [offer('trigger-gc')])).toEqual([]);
  });

  it('believe a target that says an action is riskier than the strategy thinks', () => {
    const ranked = rankActions(STRATEGIES.neural, [
      offer('enable-wasm', 'high', 'high'),
      offer('batch-inference'),
    ]);
    expect(ranked.map((r) => [r.action.name, r.score])).toEqual([
      ['batch-inference', 6],
      ['enable-wasm', 4],
    ]);
  });

  it('are called by alert names and metric conditions', () => {
    expect(strategiesForAlert('neural-performance').map((s) => s.name)).toEqual(['neural']);
    expect(strategiesForAlert('nope')).toEqual([]);
    expect(conditionMet(STRATEGIES.neural, { inferenceTime: 0.2 })?.metric).toBe('inferenceTime');
    expect(conditionMet(STRATEGIES.neural, { inferenceTime: 0.05 })).toBeUndefined();
    expect(conditionMet(STRATEGIES.network, { coordinationLatency: 0.2 })?.metric).toBe(
      'coordinationLatency',
    );
    expect(conditionMet(STRATEGIES.cpu, {})).toBeUndefined();
  });
});
