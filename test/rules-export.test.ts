/**
 * The Prometheus rule export: the committed deploy/prometheus/rules/claude-zen.rules.yml is exactly
 * what `claude-zen rules export --format prometheus` writes now (it never drifts), real `promtool`
 * accepts it (`check rules`) and its unit tests pass (`test rules`); the exported rules reach the
 * same verdicts as the controller's detectors on seeded synthetic series (a differential test:
 * the detectors' verdicts become promtool alert expectations); the CLI's options and errors.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_RULES_FILE,
  exportPrometheusRules,
  historyMs,
  loadRulesForExport,
  parseRuleText,
  planFor,
  renderRuleFile,
} from '@claude-zen/controller';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';

const root = resolve(__dirname, '..');
const bin = join(root, 'packages/cli/dist/bin.js');
const rulesDir = join(root, 'deploy/prometheus/rules');
const committed = join(rulesDir, 'claude-zen.rules.yml');
const promtool = findBinary('promtool');

let dir = '';
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "npx tsc -b" before the tests`);
  dir = mkdtempSync(join(tmpdir(), 'cz-rules-export-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tool(args: string[]) {
  const r = spawnSync(promtool as string, args, { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the committed export of the default rules', () => {
  it('equals a fresh export (library and CLI): regenerate it when the default rules change', () => {
    const fresh = renderRuleFile(exportPrometheusRules(loadRulesForExport([], DEFAULT_RULES_FILE)), {
      sources: ['packages/controller/rules/default.yml'],
    });
    const hint =
      'run: node packages/cli/dist/bin.js rules export --output deploy/prometheus/rules/claude-zen.rules.yml';
    expect(readFileSync(committed, 'utf8'), hint).toBe(fresh);
    const r = cli(['rules', 'export', '--format', 'prometheus']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fresh);
    // the type PromQL cannot express is named, with the reason, on stderr and in the file header
    expect(r.stderr).toMatch(/^skipped api-anomaly \(ml-anomaly-detection\): .*isolation forest/m);
    expect(fresh).toMatch(/^# {3}api-anomaly \(ml-anomaly-detection\): .*isolation forest/m);
    expect(fresh).not.toMatch(/alert: api-anomaly/);
    for (const name of [
      'cpu-usage',
      'memory-leak',
      'swarm-degradation',
      'neural-performance',
      'error-rate',
      'event-loop-delay',
    ])
      expect(fresh).toContain(`- alert: ${name}\n`);
  });

  it.skipIf(!promtool)('passes promtool check rules', () => {
    const r = tool(['check', 'rules', committed]);
    expect(r.out).toMatch(/SUCCESS: 51 rules found/);
    expect(r.code).toBe(0);
  });

  it.skipIf(!promtool)('passes its promtool unit tests, which fail when an expectation is wrong', () => {
    copyFileSync(committed, join(dir, 'claude-zen.rules.yml'));
    const tests = readFileSync(join(rulesDir, 'claude-zen.rules.test.yml'), 'utf8');
    writeFileSync(join(dir, 'ok.test.yml'), tests);
    const ok = tool(['test', 'rules', 'ok.test.yml']);
    expect(ok.out).toMatch(/SUCCESS/);
    expect(ok.code).toBe(0);
    // the same tests with the leak's expected alert removed must fail: the tests do check something
    const broken = tests.replace('(112MB after GC)', '(1MB after GC)');
    expect(broken).not.toBe(tests);
    writeFileSync(join(dir, 'broken.test.yml'), broken);
    const bad = tool(['test', 'rules', 'broken.test.yml']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/alertname: memory-leak/);
  });
});

describe('rule types outside the defaults, evaluated by promtool', () => {
  it.skipIf(!promtool)(
    'predictive, min_occurrences and the robust dynamic threshold fire when they should',
    () => {
      const file = join(dir, 'types.yml');
      writeFileSync(
        file,
        `rules:
  - name: disk-full
    query: disk_used_percent
    type: predictive
    params: { threshold: 100, horizon: 30m, window: 1h, method: linear }
  - name: spikes
    query: spike_metric
    type: threshold
    params: { warning: 10 }
    min_occurrences: { count: 3, within: 5m }
  - name: robust
    query: noisy_metric
    type: dynamic-threshold
    params: { robust: true, baselineWindow: 30m, minDeviation: 0.1 }
`,
      );
      const text = renderRuleFile(exportPrometheusRules(loadRulesForExport([file])), { sources: [file] });
      writeFileSync(join(dir, 'types.rules.yml'), text);
      const noisy = [...Array.from({ length: 60 }, (_, i) => (i % 2 ? 1.2 : 1)), ...Array(10).fill(3)].join(
        ' ',
      );
      const tests = {
        rule_files: ['types.rules.yml'],
        evaluation_interval: '30s',
        tests: [
          {
            interval: '30s',
            input_series: [
              // 1 point per minute towards 100: at 25m (75) the 30m forecast is 105
              { series: 'disk_used_percent{instance="a"}', values: '50+0.5x120' },
              { series: 'disk_used_percent{instance="flat"}', values: '50+0x120' },
              {
                series: 'spike_metric{instance="a"}',
                values: '1 1 20 1 20 1 20 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1',
              },
              { series: 'noisy_metric{instance="a"}', values: noisy },
            ],
            alert_rule_test: [
              { eval_time: '10m', alertname: 'disk-full', exp_alerts: [] },
              {
                eval_time: '25m',
                alertname: 'disk-full',
                exp_alerts: [{ exp_labels: { instance: 'a', severity: 'warning', rule: 'disk-full' } }],
              },
              { eval_time: '2m30s', alertname: 'spikes', exp_alerts: [] },
              {
                eval_time: '3m30s',
                alertname: 'spikes',
                exp_alerts: [{ exp_labels: { instance: 'a', severity: 'warning', rule: 'spikes' } }],
              },
              { eval_time: '29m30s', alertname: 'robust', exp_alerts: [] },
              {
                eval_time: '30m30s',
                alertname: 'robust',
                exp_alerts: [
                  { exp_labels: { instance: 'a', severity: 'warning', rule: 'robust' } },
                  { exp_labels: { instance: 'a', severity: 'critical', rule: 'robust' } },
                ],
              },
            ],
          },
        ],
      };
      writeFileSync(join(dir, 'types.test.yml'), JSON.stringify(tests));
      const r = tool(['test', 'rules', 'types.test.yml']);
      expect(r.out).toMatch(/SUCCESS/);
      expect(r.code).toBe(0);
    },
  );
});

/** A seeded normal sample (Box-Muller over a small LCG), so the series are the same on every run. */
function noise(seed: number): () => number {
  let x = seed;
  const u = () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return (x + 1) / (2 ** 31 + 1);
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const STEP = 30_000;
const n1 = noise(7);
const DIFFERENTIAL: { name: string; yaml: string; values: number[] }[] = [
  {
    name: 'band',
    yaml: '{ type: dynamic-threshold, params: { baselineWindow: 30m, warningSigma: 2, criticalSigma: 3 } }',
    values: Array.from(
      { length: 180 },
      (_, i) => 10 + n1() + (i >= 100 && i < 120 ? 6 : i >= 140 ? -3.5 : 0),
    ),
  },
  {
    name: 'leak',
    yaml: '{ type: trend-analysis, params: { window: 30m, period: 1h, growthThreshold: 0.05, minConfidence: 0.8 } }',
    values: Array.from({ length: 180 }, (_, i) => 100 + n1() + (i >= 80 ? (i - 80) * 0.4 : 0)),
  },
  {
    name: 'slower',
    yaml: '{ type: comparative-analysis, params: { ratio: 2, baselineWindow: 30m, recentWindow: 5m } }',
    values: Array.from({ length: 180 }, (_, i) => 1 + 0.1 * n1() + (i >= 100 && i < 140 ? 2 : 0)),
  },
  {
    name: 'degraded',
    yaml: '{ type: performance-degradation, params: { baselineWindow: 20m, sustain: 5m, threshold: 0.2, direction: lower-is-worse } }',
    values: Array.from({ length: 180 }, (_, i) => 1 + 0.03 * n1() - (i >= 100 && i < 140 ? 0.4 : 0)),
  },
  {
    name: 'filling',
    yaml: '{ type: predictive, params: { threshold: 100, horizon: 30m, window: 30m, method: linear } }',
    values: Array.from({ length: 180 }, (_, i) => 40 + n1() + (i >= 60 ? (i - 60) * 0.5 : 0)),
  },
];

describe('exported rules agree with the controller detectors (differential, promtool)', () => {
  it.skipIf(!promtool)('same verdicts wherever the controller is not within 15% of its threshold', () => {
    const yaml = `interval: 30s\nrules:\n${DIFFERENTIAL.map((d) => `  - { name: ${d.name}, query: '${d.name}_metric', ${d.yaml.slice(2)}`).join('\n')}\n`;
    const { rules, problems } = parseRuleText(yaml, 'differential.yml');
    expect(problems).toEqual([]);
    writeFileSync(
      join(dir, 'differential.rules.yml'),
      renderRuleFile(exportPrometheusRules(rules), { sources: ['differential.yml'] }),
    );
    const alertTests: {
      eval_time: string;
      alertname: string;
      exp_alerts: { exp_labels: Record<string, string> }[];
    }[] = [];
    const compared: Record<string, { firing: number; quiet: number; boundary: number }> = {};
    for (const [k, d] of DIFFERENTIAL.entries()) {
      const rule = rules[k];
      const plan = planFor(rule);
      const tally = { firing: 0, quiet: 0, boundary: 0 };
      compared[d.name] = tally;
      const samples = d.values.map((v, i) => ({ t: i * STEP, v }));
      for (let i = 70; i < samples.length; i += 2) {
        const at = i * STEP;
        const history = samples.slice(0, i + 1).filter((s) => s.t >= at - historyMs(rule, plan));
        const verdict = plan.judge(history, history.length - 1)[0];
        const score = verdict?.score ?? 0;
        const ev = verdict?.evidence ?? {};
        const nearConfidence =
          typeof ev.confidence === 'number' && Math.abs(ev.confidence - 0.8) < 0.05 && score > 0.85;
        if (Math.abs(score - 1) < 0.15 || nearConfidence) {
          tally.boundary++;
          continue;
        }
        const exp: { exp_labels: Record<string, string> }[] = [];
        if (score > 1) {
          tally.firing++;
          exp.push({ exp_labels: { instance: 'a', severity: 'warning', rule: d.name } });
          if (verdict?.severity === 'critical')
            exp.push({ exp_labels: { instance: 'a', severity: 'critical', rule: d.name } });
        } else tally.quiet++;
        alertTests.push({ eval_time: `${at / 1000}s`, alertname: d.name, exp_alerts: exp });
      }
    }
    // every scenario is compared both ways, most of the time away from the boundary
    for (const [name, t] of Object.entries(compared)) {
      expect(t.firing, name).toBeGreaterThanOrEqual(3);
      expect(t.quiet, name).toBeGreaterThanOrEqual(3);
      expect(t.boundary, name).toBeLessThan(t.firing + t.quiet);
    }
    const tests = {
      rule_files: ['differential.rules.yml'],
      evaluation_interval: '30s',
      tests: [
        {
          interval: '30s',
          input_series: DIFFERENTIAL.map((d) => ({
            series: `${d.name}_metric{instance="a"}`,
            values: d.values.map((v) => v.toFixed(6)).join(' '),
          })),
          alert_rule_test: alertTests,
        },
      ],
    };
    writeFileSync(join(dir, 'differential.test.yml'), JSON.stringify(tests));
    const r = tool(['test', 'rules', 'differential.test.yml']);
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.code).toBe(0);
  });
});

describe('claude-zen rules export', () => {
  it('exports a user file alone to --output; the file passes promtool', () => {
    const file = join(dir, 'mine.yml');
    writeFileSync(
      file,
      `rules:
  - name: cpu-usage
    query: process_cpu_utilization
    type: threshold
    params: { warning: 0.8 }
  - name: forest
    query: up
    type: ml-anomaly-detection
`,
    );
    const out = join(dir, 'out.yml');
    const r = cli([
      'rules',
      'export',
      '--format',
      'prometheus',
      '--rules',
      file,
      '--no-default-rules',
      '--output',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^skipped forest \(ml-anomaly-detection\): /m);
    expect(r.stderr).toMatch(
      new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 rule exported, 1 skipped$`, 'm'),
    );
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(`from ${file}.`);
    expect(text).toContain(
      'expr: claude_zen_rule:cpu_usage:value and (claude_zen_rule:cpu_usage:value > 0.8)',
    );
    if (promtool) expect(tool(['check', 'rules', out]).code).toBe(0);
  });

  it('a user rule replaces the default rule of the same name', () => {
    const file = join(dir, 'override.yml');
    writeFileSync(
      file,
      'rules:\n  - { name: error-rate, query: up, type: threshold, params: { warning: 0.5 } }\n',
    );
    const r = cli(['rules', 'export', '--rules', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/- alert: error-rate\n/g)).toHaveLength(1);
    expect(r.stdout).toContain('claude_zen_rule:error_rate:value > 0.5');
    expect(r.stdout).toContain('- alert: memory-leak\n');
  });

  it('bad input: clear errors naming the fix, no stack trace, no file written', () => {
    const fmt = cli(['rules', 'export', '--format', 'vmalert']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toBe('claude-zen: --format "vmalert" is not supported; use --format prometheus\n');
    const none = cli(['rules', 'export', '--no-default-rules']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to export: give --rules <file> or drop --no-default-rules/);
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'rules:\n  - { name: x, query: up, type: threshold, params: { warning: high } }\n');
    const out = join(dir, 'never.yml');
    const bad = cli(['rules', 'export', '--rules', file, '--output', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      `${file}: rule "x": field "params.warning": parameter "warning" must be a number, got "high"`,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    const nowhere = cli(['rules', 'export', '--output', join(dir, 'missing', 'x.yml')]);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toBe(
      `claude-zen: --output ${join(dir, 'missing', 'x.yml')}: no folder ${join(dir, 'missing')}; create it or choose another path\n`,
    );
  });
});
