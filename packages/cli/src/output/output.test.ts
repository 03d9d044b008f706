/** Pure formatting of the controller commands' output (no I/O). */
import { describe, expect, it } from 'vitest';
import { leakVerdict } from '../commands/monitor-memory.js';
import { describeFetchFailure, parseControllerUrl } from '../remote/controller-client.js';
import { renderAnalysis } from './analysis.js';
import { renderDashboardFrame } from './dashboard-frame.js';
import { renderDecisions } from './decisions.js';
import { bytes, millis, ratio, styles, tree } from './format.js';
import { renderHealth } from './health.js';

const plain = styles(false);
const ansi = styles(true);

describe('format', () => {
  it('prints units, and a dash for missing or non-finite values', () => {
    expect(bytes(1_234_567)).toBe('1.2 MB');
    expect(bytes(512, true)).toBe('+512 B');
    expect(bytes(-2048)).toBe('-2.0 kB');
    expect(millis(4.25)).toBe('4.3 ms');
    expect(millis(1500)).toBe('1.50 s');
    expect(ratio(0.0123, 2)).toBe('1.23%');
    for (const f of [bytes, millis, ratio]) {
      expect(f(undefined)).toBe('–');
      expect(f(Number.NaN)).toBe('–');
    }
  });

  it('tree prints nested JSON as indented lines and cuts long arrays', () => {
    const lines = tree({ a: 1.23456, b: { c: 'x', d: [1, 2, 3] }, e: [{ f: 1 }, { f: 2 }], g: [] }, '', 1);
    expect(lines).toEqual([
      'a: 1.235',
      'b:',
      '  c: x',
      '  d: 1, … 2 more',
      'e:',
      '  - f: 1',
      '  … 1 more',
      'g: (none)',
    ]);
  });
});

describe('renderers', () => {
  it('health: the score, then one line per component; --detailed adds metrics and alerts', () => {
    const body = {
      at: 1,
      overall: 72.4,
      status: 'good',
      components: {
        cpu: { component: 'cpu', score: 100, status: 'good', metrics: { cpu: 12.5 }, alerts: [] },
        neural: {
          component: 'neural',
          score: 40,
          status: 'critical',
          metrics: { inferenceTime: 250 },
          alerts: [
            { rule: 'neural-performance', severity: 'critical', status: 'active', title: 'slow', at: 0 },
          ],
        },
      },
    };
    expect(renderHealth(body, plain, {})).toEqual([
      'Health  72/100 good',
      '  cpu      100 good',
      '  neural    40 critical  1 alert',
    ]);
    const detailed = renderHealth(body, plain, { detailed: true });
    expect(detailed).toContain('    inferenceTime 250');
    expect(detailed).toContain('    critical neural-performance active slow 00:00:00');
    expect(renderHealth(body, ansi, {})[0]).toContain('\x1b[32m72/100 good\x1b[39m');
  });

  it('analysis: current, baseline, trend and the prediction', () => {
    const lines = renderAnalysis(
      {
        area: 'memory',
        field: 'memory.heapUsed',
        timeframe: '1h',
        current: 2e7,
        baseline: 1.5e7,
        trend: { slope: 1, perHour: 3600, r2: 0.9, direction: 'increasing', changePercent: 33 },
        anomalies: [],
        recommendations: [{ priority: 'high', title: 'Memory pressure' }],
        prediction: { at: Date.now() + 30 * 60_000, value: 2.1e7, lower: 2e7, upper: 2.2e7, confidence: 0.8 },
        errors: [],
      },
      plain,
    );
    expect(lines[0]).toBe('memory (memory.heapUsed) over 1h');
    expect(lines).toContain('  current     20.0 MB');
    expect(lines).toContain('  trend       +3.6 kB/h (r² 0.90) increasing');
    expect(lines.find((l) => l.startsWith('  prediction'))).toMatch(
      /^ {2}prediction {2}21\.0 MB in (29|30) min \(20\.0 MB\.\.22\.0 MB, confidence 0\.80\)$/,
    );
    const cpu = renderAnalysis(
      { area: 'cpu', field: 'system.cpu', timeframe: '15m', current: 12.5, trend: { perHour: -2, r2: 0.5 } },
      plain,
    );
    expect(cpu).toContain('  current     12.5%');
    expect(cpu).toContain('  trend       -2.0%/h (r² 0.50)');
    expect(lines).toContain('    high   Memory pressure');
  });

  it('decisions: one line each, with the strategy of the answer', () => {
    expect(
      renderDecisions(
        {
          strategy: 'memory',
          decisions: [{ target: 'h:1', decision: 'dry-run', action: 'trigger-gc', reason: 'would apply' }],
        },
        plain,
      ),
    ).toEqual(['dry-run memory on h:1 (trigger-gc): would apply']);
    expect(renderDecisions({ strategy: 'cpu', decisions: [] }, plain)).toEqual([
      'no decision: nothing to do for this strategy',
    ]);
  });

  it('dashboard frame: never wider than the terminal, ANSI codes kept whole', () => {
    const data = {
      overview: {
        health: { overall: 30, status: 'critical', components: { cpu: { score: 30, level: 'critical' } } },
      },
      metrics: { current: { available: true, swarm: { activeSwarms: 1, totalAgents: 4 } } },
      alerts: {
        active: [{ rule: 'cpu-high', severity: 'critical', title: 'CPU', activeAt: 0 }],
        resolved: [],
        suppressed: [],
      },
      optimizations: { recent: [], pending: [], impact: { applied: 0, rolledBack: 0, failed: 0 } },
      recommendations: [],
    };
    const lines = renderDashboardFrame(data, ansi, { url: 'http://h:1', at: 0, live: true, width: 30 });
    const code = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    for (const l of lines) {
      expect(l.replace(code, '').length).toBeLessThanOrEqual(30);
      // every escape that was started is complete
      expect(l.split(String.fromCharCode(27)).length - 1).toBe(l.match(code)?.length ?? 0);
    }
    const wide = renderDashboardFrame(data, plain, { url: 'http://h:1', at: 0, live: false, width: 200 });
    expect(wide).toContain(
      'Swarm   1 swarm  4 agents  busy –  coordination –  efficiency –  – tasks/s  failed –',
    );
    expect(wide).toContain('Alerts  1 active, 0 suppressed, 0 resolved');
  });

  it('leak verdict: growth alone is not a leak; the preload signal, a steady trend or an alert is', () => {
    const growing = leakVerdict(
      { trend: { perHour: 10, r2: 0.2 }, anomalies: [] },
      { heapGrowthBytesPerSecond: 2000 },
    );
    expect(growing).toEqual({ suspected: false, reasons: ['heap after GC grows +2.0 kB/s'] });
    const steady = leakVerdict({ trend: { perHour: 5e6, r2: 0.95 }, anomalies: [] });
    expect(steady).toEqual({
      suspected: true,
      reasons: ['steady growth over the timeframe (+5.0 MB/h, r² 0.95)'],
    });
    const signal = leakVerdict({ anomalies: [] }, { leakSuspected: true });
    expect(signal.suspected).toBe(true);
    const alerted = leakVerdict({
      anomalies: [
        { rule: 'memory-leak', status: 'active' },
        { rule: 'heap', status: 'resolved' },
      ],
    });
    expect(alerted).toEqual({ suspected: true, reasons: ['alert memory-leak is active'] });
  });
});

describe('controller client errors', () => {
  it('names the flag of a bad URL (usage error) and explains failures without an answer', () => {
    expect(() => parseControllerUrl('nope')).toThrow(
      '--url "nope" is not a URL; e.g. --url http://127.0.0.1:3456',
    );
    expect(() => parseControllerUrl('file:///x', '--target')).toThrow(
      '--target "file:///x": use an http:// or https:// URL',
    );
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(describeFetchFailure(refused, 'http://h:1', 15_000)).toBe(
      'cannot reach the controller at http://h:1 (connection refused); is `claude-zen monitor start` running? (or pass --url / set CLAUDE_ZEN_URL)',
    );
    const timeout = Object.assign(new Error('x'), { name: 'TimeoutError' });
    expect(describeFetchFailure(timeout, 'http://h:1', 15_000)).toMatch(/did not answer within 15 s/);
    const dns = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    expect(describeFetchFailure(dns, 'http://nohost:1', 1000)).toBe(
      'cannot reach the controller at http://nohost:1: host not found; check --url',
    );
  });
});
