import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PromQLEngine } from '@claude-zen/tsdb';
import { describe, expect, it } from 'vitest';
import { RuleError } from '../errors.js';
import { parseRuleText } from '../loader.js';
import type { Rule } from '../types.js';
import { strategiesOf } from './alerting-rule.js';
import { exportPrometheusRules } from './export-rules.js';
import { renderRuleFile } from './render-yaml.js';
import type { AlertingRule, RecordingRule } from './types.js';

const engine = new PromQLEngine();

function rules(yaml: string): Rule[] {
  const { rules, problems } = parseRuleText(yaml, 'test.yml');
  expect(problems).toEqual([]);
  return rules;
}

const alerts = (g: { rules: (RecordingRule | AlertingRule)[] }) =>
  g.rules.filter((r): r is AlertingRule => 'alert' in r);
const records = (g: { rules: (RecordingRule | AlertingRule)[] }) =>
  g.rules.filter((r): r is RecordingRule => 'record' in r);

describe('exportPrometheusRules', () => {
  it('translates a threshold rule into a value record, band records and one alert per severity', () => {
    const [g] = exportPrometheusRules(
      rules(`interval: 15s
rules:
  - name: custom-efficiency
    metric: swarm.efficiency
    type: threshold
    params: { warning: 0.7, critical: 0.5, direction: below }
    for: 5m
    keep_firing_for: 1m30s
    severity: { warning: ticket, critical: page }
    labels: { team: swarm }
    annotations: { summary: "{{ $labels.instance }} at {{ $value }} ({{ $severity }})" }
    actions: [rebalance-agents, analyze-topology]
`),
    ).groups;
    expect(g.name).toBe('claude-zen/custom-efficiency');
    expect(g.interval).toBe('15s');
    expect(records(g)[0]).toEqual({
      record: 'claude_zen_rule:custom_efficiency:value',
      expr: 'claude_zen_swarm_efficiency_ratio',
    });
    expect(records(g).map((r) => r.record.split(':')[2])).toEqual([
      'value',
      'expected',
      'lower',
      'upper',
      'score',
    ]);
    const [warning, critical] = alerts(g);
    expect(warning).toEqual({
      alert: 'custom-efficiency',
      expr: 'claude_zen_rule:custom_efficiency:value and (claude_zen_rule:custom_efficiency:value < 0.7)',
      for: '5m',
      keep_firing_for: '1m30s',
      labels: { team: 'swarm', severity: 'ticket', rule: 'custom-efficiency', strategy: 'network' },
      annotations: {
        summary: '{{ $labels.instance }} at {{ $value }} ({{ "ticket" }})',
        actions: 'rebalance-agents, analyze-topology',
      },
    });
    expect(critical.expr).toBe(
      'claude_zen_rule:custom_efficiency:value and (claude_zen_rule:custom_efficiency:value <= 0.5)',
    );
    expect(critical.labels.severity).toBe('page');
    expect(critical.annotations.summary).toContain('"page"');
  });

  it('one alert when warning and critical map to the same severity, none of for/keep_firing_for when 0', () => {
    const [g] = exportPrometheusRules(
      rules(`rules:
  - name: t
    query: up
    type: threshold
    params: { warning: 1, critical: 2 }
    severity: page
`),
    ).groups;
    expect(alerts(g)).toHaveLength(1);
    expect(alerts(g)[0]).not.toHaveProperty('for');
    expect(alerts(g)[0]).not.toHaveProperty('keep_firing_for');
    expect(alerts(g)[0].labels).toEqual({ severity: 'page', rule: 't' });
  });

  it('lists ml-anomaly-detection as skipped with the reason, and exports the rest', () => {
    const exp = exportPrometheusRules(
      rules(`rules:
  - name: forest
    query: up
    type: ml-anomaly-detection
  - name: level
    query: up
    type: threshold
    params: { warning: 1 }
`),
    );
    expect(exp.groups.map((g) => g.name)).toEqual(['claude-zen/level']);
    expect(exp.skipped).toEqual([
      { rule: 'forest', type: 'ml-anomaly-detection', reason: expect.stringMatching(/isolation forest/) },
    ]);
    const text = renderRuleFile(exp, { sources: ['test.yml'] });
    expect(text).toMatch(
      /^# Skipped \(they stay in the controller\):\n# {3}forest \(ml-anomaly-detection\): /m,
    );
  });

  it('dynamic-threshold: avg/stddev_over_time band; robust: median and IQR, said to be approximated', () => {
    const exp = exportPrometheusRules(
      rules(`interval: 30s
rules:
  - name: d
    query: x
    type: dynamic-threshold
    params: { baselineWindow: 1h, warningSigma: 2, criticalSigma: 3, minDeviation: 0.05, direction: above }
  - name: r
    query: x
    type: dynamic-threshold
    params: { robust: true, seasonal: day, baselineWindow: 2h }
`),
    );
    const [d, r] = exp.groups;
    const expr = (g: typeof d, what: string) => records(g).find((x) => x.record.endsWith(`:${what}`))?.expr;
    expect(expr(d, 'expected')).toBe('avg_over_time(claude_zen_rule:d:value[1h] offset 30s)');
    expect(expr(d, 'spread')).toBe('stddev_over_time(claude_zen_rule:d:value[1h] offset 30s)');
    expect(expr(d, 'upper')).toBe(
      'claude_zen_rule:d:expected + clamp_min(2 * claude_zen_rule:d:spread, 0.05)',
    );
    expect(expr(d, 'critical_upper')).toBe(
      'claude_zen_rule:d:expected + clamp_min(3 * claude_zen_rule:d:spread, 0.075)',
    );
    expect(alerts(d)[0].expr).toBe(
      'claude_zen_rule:d:value and ((claude_zen_rule:d:value > claude_zen_rule:d:upper) and (claude_zen_rule:d:baseline_samples >= 10))',
    );
    // seasonal: the window centred one day earlier; both directions
    expect(expr(r, 'expected')).toBe('quantile_over_time(0.5, claude_zen_rule:r:value[2h] offset 23h)');
    expect(alerts(r)[0].expr).toContain('(claude_zen_rule:r:value < claude_zen_rule:r:lower)');
    expect(exp.approximations).toEqual([{ rule: 'r', note: expect.stringMatching(/interquartile range/) }]);
  });

  it('trend, predictive, degradation and comparative use deriv, predict_linear and offset baselines', () => {
    const exp = exportPrometheusRules(
      rules(`rules:
  - name: leak
    query: heap
    type: trend-analysis
    params: { window: 2h, period: 1h, growthThreshold: 0.02, minConfidence: 0.8 }
  - name: full
    query: disk
    type: predictive
    params: { threshold: 100, horizon: 30m, window: 1h, method: both }
  - name: slow
    query: lat
    type: performance-degradation
    params: { baselineWindow: 30m, sustain: 5m, threshold: 0.15 }
  - name: ratio
    query: lat
    type: comparative-analysis
    params: { ratio: 2, baselineWindow: 1h, recentWindow: 10m }
`),
    );
    const all = exp.groups.map((g) => g.rules.map((r) => r.expr).join('\n'));
    expect(all[0]).toContain('deriv(claude_zen_rule:leak:value[2h])');
    expect(alerts(exp.groups[0])[0].expr).toContain('(claude_zen_rule:leak:confidence >= 0.8)');
    expect(all[1]).toContain('predict_linear(claude_zen_rule:full:value[1h], 1800)');
    expect(all[2]).toContain('avg_over_time(claude_zen_rule:slow:value[30m] offset 5m)');
    expect(all[2]).toContain('min_over_time(claude_zen_rule:slow:value[5m])');
    expect(all[3]).toContain('quantile_over_time(0.5, claude_zen_rule:ratio:value[1h] offset 10m)');
    expect(alerts(exp.groups[3])[0].expr).toContain('(claude_zen_rule:ratio:slowdown > 2)');
    expect(exp.approximations.map((a) => a.rule)).toEqual(['leak', 'leak', 'full', 'full']);
    expect(exp.approximations[3].note).toMatch(/Holt/);
  });

  it('min_occurrences counts anomalous evaluations within the window', () => {
    const [g] = exportPrometheusRules(
      rules(`rules:
  - name: m
    query: x
    type: threshold
    params: { warning: 1 }
    min_occurrences: { count: 5, within: 10m }
`),
    ).groups;
    expect(records(g).at(-1)).toEqual({
      record: 'claude_zen_rule:m:anomalous',
      expr: '(claude_zen_rule:m:value and (claude_zen_rule:m:value > 1)) * 0 + 1',
    });
    expect(alerts(g)[0].expr).toBe(
      'claude_zen_rule:m:value and (count_over_time(claude_zen_rule:m:anomalous[10m]) >= 5)',
    );
  });

  it('every expression of the default rules parses as PromQL', () => {
    const { rules: defaults, problems } = parseRuleText(
      readFileSync(join(__dirname, '../../../rules/default.yml'), 'utf8'),
      'default.yml',
    );
    expect(problems).toEqual([]);
    const exp = exportPrometheusRules(defaults);
    expect(exp.groups).toHaveLength(6);
    for (const g of exp.groups) for (const r of g.rules) expect(() => engine.parse(r.expr)).not.toThrow();
  });

  it('refuses two rule names that record under the same id, naming the field and the fix', () => {
    const clash = rules(`rules:
  - { name: a-b, query: x, type: threshold, params: { warning: 1 } }
  - { name: a_b, query: x, type: threshold, params: { warning: 1 } }
`);
    expect(() => exportPrometheusRules(clash)).toThrow(RuleError);
    expect(() => exportPrometheusRules(clash)).toThrow(
      'test.yml: rule "a_b": field "name": records as "a_b" like rule "a-b" does; rename one of them for the Prometheus export',
    );
  });

  it('strategy labels follow the controller receiver: by alert name, else by actions', () => {
    expect(strategiesOf({ name: 'memory-leak', actions: [] })).toEqual(['memory']);
    expect(strategiesOf({ name: 'custom', actions: ['enable-wasm'] })).toEqual(['cpu', 'neural']);
    expect(strategiesOf({ name: 'custom', actions: ['nothing-known'] })).toEqual([]);
  });
});
