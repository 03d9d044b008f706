import { describe, expect, it } from 'vitest';
import { formatProblem } from './errors.js';
import { parseRuleText } from './loader.js';

function problems(yaml: string): string[] {
  return parseRuleText(yaml, 'rules.yml').problems.map(formatProblem);
}

describe('rule file validation', () => {
  it('accepts a complete rule and resolves a seed alias', () => {
    const { rules, problems } = parseRuleText(
      `interval: 15s
rules:
  - name: custom-efficiency
    metric: swarm.efficiency
    type: threshold
    params: { warning: 0.7, critical: 0.5, direction: below }
    for: 5m
    keep_firing_for: 1m30s
    cooldown: 10m
    severity: { warning: ticket, critical: page }
    labels: { team: swarm }
    annotations: { summary: "{{ $labels.instance }} at {{ $value }}" }
    actions: [rebalance-agents, analyze-topology]
`,
      'rules.yml',
    );
    expect(problems).toEqual([]);
    expect(rules[0]).toMatchObject({
      name: 'custom-efficiency',
      query: 'claude_zen_swarm_efficiency_ratio',
      metric: 'swarm.efficiency',
      forMs: 300_000,
      keepFiringForMs: 90_000,
      cooldownMs: 600_000,
      intervalMs: 15_000,
      stepMs: 15_000,
      severity: { warning: 'ticket', critical: 'page' },
      actions: ['rebalance-agents', 'analyze-topology'],
    });
  });

  it('names the file, the rule and the field with the fix', () => {
    expect(
      problems(`rules:
  - name: cpu-usage
    query: process_cpu_utilization
    type: threshold
    params: { warning: 0.8 }
    for: 5x
`),
    ).toEqual(['rules.yml: rule "cpu-usage": field "for": "5x" is not a duration; write it like "5m"']);
  });

  it('reports every problem of a file', () => {
    const p = problems(`rules:
  - name: a
    query: "sum("
    type: threshold
    params: { warning: 1 }
  - name: b
    metric: system.nope
    type: magic
  - name: c
    query: up
    type: dynamic-threshold
    params: { warningSigma: lots }
    colour: red
  - name: d
    query: up
    type: threshold
  - name: a
    query: up
    type: threshold
    params: { warning: 1 }
    labels: { "bad-name": x }
    annotations: { s: "{{ $value" }
`);
    expect(p).toContainEqual(
      expect.stringMatching(/^rules\.yml: rule "a": field "query": is not valid PromQL/),
    );
    expect(p).toContainEqual(
      expect.stringMatching(
        /^rules\.yml: rule "b": field "metric": "system.nope" is not a known alias; use one of system.cpu/,
      ),
    );
    expect(p).toContainEqual(
      expect.stringMatching(
        /^rules\.yml: rule "b": field "type": "magic" is not a rule type; use one of threshold, dynamic-threshold/,
      ),
    );
    expect(p).toContainEqual(
      expect.stringMatching(/^rules\.yml: rule "c": field "params.warningSigma": .*must be a number/),
    );
    expect(p).toContainEqual(expect.stringMatching(/^rules\.yml: rule "c": field "colour": unknown field/));
    expect(p).toContainEqual(expect.stringMatching(/^rules\.yml: rule "d": field "params.warning"/));
    expect(p).toContainEqual(
      expect.stringMatching(/^rules\.yml: rule "a": field "labels.bad-name": is not a label name/),
    );
    expect(p).toContainEqual(
      expect.stringMatching(/^rules\.yml: rule "a": field "annotations.s": has unbalanced/),
    );
    expect(p).toContainEqual(
      'rules.yml: rule "a": field "name": is used by another rule of this file; give each rule its own name',
    );
  });

  it('reports YAML syntax errors with line and column', () => {
    const p = problems('rules:\n  - name: a\n   query: [\n');
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatch(/^rules\.yml:\d+:\d+: .*fix the YAML syntax$/);
  });

  it('rejects a file without rules and unknown top-level keys', () => {
    expect(problems('groups: []\n')).toEqual([
      'rules.yml: field "groups": unknown top-level key; use interval or rules',
      'rules.yml: field "rules": must be a list of rules, e.g. "rules:\\n  - name: cpu-usage"',
    ]);
    expect(problems('')).toEqual([
      'rules.yml: expected a mapping with a "rules:" list; see packages/controller/rules/default.yml',
    ]);
  });

  it('checks min_occurrences and severity', () => {
    const p = problems(`rules:
  - name: x
    query: up
    type: ml-anomaly-detection
    min_occurrences: { count: 0, within: 10m }
    severity: [1]
`);
    expect(p).toEqual([
      expect.stringMatching(/rule "x": field "severity": \[1\] must be a severity name/),
      expect.stringMatching(/rule "x": field "min_occurrences": must be like "\{ count: 5, within: 10m \}"/),
    ]);
  });
});
