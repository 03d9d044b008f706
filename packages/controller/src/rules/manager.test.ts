import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DB, importOpenMetrics, openDB, PromQLEngine } from '@claude-zen/tsdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertStateChange } from '../alerts/state/types.js';
import { EmbeddedBackend } from '../query/embedded.js';
import { PrometheusHttpBackend } from '../query/prometheus-http.js';
import { RuleManager } from './manager.js';

const M = 60_000;
const T0 = Math.floor((Date.now() - 5 * 3_600_000) / 3_600_000) * 3_600_000;

/** load{instance="a"} jumps from ~1 to 5 during [60m, 70m); instance b stays near 1. */
function backfill(): string {
  const out = ['# TYPE load gauge'];
  for (let i = 0; i < 2 * 240; i++) {
    const t = T0 + 2_500 + i * 15_000;
    const noise = ((i * 7919) % 13) / 100;
    const a = t >= T0 + 60 * M && t < T0 + 70 * M ? 5 : 1 + noise;
    out.push(`load{job="svc",instance="a"} ${a} ${t / 1000}`);
    out.push(`load{job="svc",instance="b"} ${1 + noise} ${t / 1000}`);
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}

const rulesYaml = (forText: string, query = 'load') => `interval: 30s
rules:
  - name: high-load
    query: ${query}
    type: threshold
    params: { warning: 3, critical: 10 }
    for: ${forText}
    labels: { team: "{{ $labels.job }}-ops" }
    annotations: { summary: "{{ $labels.instance }} load {{ $value }}" }
  - name: load-band
    query: load
    type: dynamic-threshold
    params: { baselineWindow: 30m, minDeviation: 0.5, direction: above }
`;

describe('RuleManager on the embedded store', () => {
  let dir = '';
  let db: DB;
  let backend: EmbeddedBackend;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'czm-rules-'));
    db = openDB(join(dir, 'data'), { log: () => {} });
    await importOpenMetrics([backfill()], db);
    backend = new EmbeddedBackend({ queryable: db, engine: new PromQLEngine() });
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function replay(m: RuleManager, from: number, to: number): Promise<AlertStateChange[]> {
    const out: AlertStateChange[] = [];
    for (let t = from; t <= to; t += 30_000) out.push(...(await m.evaluate(t)));
    return out;
  }

  it('judges each series on its own: pending → firing after `for` → resolved, templates rendered', async () => {
    const file = join(dir, 'rules.yml');
    writeFileSync(file, rulesYaml('1m'));
    const m = new RuleManager({ backend, files: [file] });
    const changes = (await replay(m, T0 + 50 * M, T0 + 80 * M)).filter((c) => c.rule === 'high-load');
    expect(changes.map((c) => [c.from, c.to, (c.at - T0) / 1000, c.labels.instance])).toEqual([
      ['inactive', 'pending', 60 * 60 + 30, 'a'],
      ['pending', 'firing', 61 * 60 + 30, 'a'],
      ['firing', 'resolved', 70 * 60 + 30, 'a'],
    ]);
    expect(changes[1]).toMatchObject({
      labels: { alertname: 'high-load', job: 'svc', instance: 'a', team: 'svc-ops' },
      annotations: { summary: 'a load 5' },
      value: 5,
      severity: 'warning',
    });
    expect(changes[1].score).toBeGreaterThan(1); // between warning (1) and critical (2)
    expect(changes[1].score).toBeLessThan(2);
    const status = m.status();
    expect(status.rules.map((r) => r.health)).toEqual(['ok', 'ok']);
    expect(status.lastCycle.durationMs).toBeGreaterThan(0);
  });

  it('the dynamic band fires on the jump of instance a only', async () => {
    const m = new RuleManager({ backend, files: [join(dir, 'rules.yml')] });
    const changes = (await replay(m, T0 + 55 * M, T0 + 62 * M)).filter((c) => c.rule === 'load-band');
    expect(changes.map((c) => [c.to, c.labels.instance, (c.at - T0) / M])).toEqual([['firing', 'a', 60.5]]);
    expect(changes[0].upper).toBeLessThan(5);
    expect(changes[0].expected).toBeLessThan(1.2);
  });

  it('reports every series verdict, alerting or not, as observations', async () => {
    const m = new RuleManager({ backend, files: [join(dir, 'rules.yml')] });
    const seen: { rule: string; observations: { labels: Record<string, string>; active: boolean }[] }[] = [];
    m.on('observations', (o) => seen.push(o));
    await m.evaluateRule('load-band', T0 + 58 * M);
    const band = seen.find((o) => o.rule === 'load-band');
    expect(band?.observations.map((o) => [o.labels.instance, o.active]).sort()).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('reload keeps the alert state of rules whose name and query are unchanged', async () => {
    const file = join(dir, 'reload.yml');
    writeFileSync(file, rulesYaml('2m'));
    const m = new RuleManager({ backend, files: [file] });
    expect((await m.evaluate(T0 + 60 * M + 30_000)).map((c) => c.to)).toEqual(['pending', 'firing']);
    writeFileSync(file, rulesYaml('1m')); // timing changed, same query: state kept
    expect(m.reload()).toMatchObject({ kept: ['high-load', 'load-band'] });
    const next = await m.evaluate(T0 + 61 * M + 30_000);
    expect(next.map((c) => `${c.rule}:${c.from}->${c.to}`)).toEqual(['high-load:pending->firing']);
    writeFileSync(file, rulesYaml('1m', 'load * 1')); // query changed: state starts over
    expect(m.reload()).toMatchObject({ reset: ['high-load'], kept: ['load-band'] });
    const after = await m.evaluate(T0 + 62 * M);
    expect(after.map((c) => `${c.rule}:${c.from}->${c.to}`)).toEqual(['high-load:inactive->pending']);
    writeFileSync(file, 'rules: [{ name: x }]\n');
    expect(() => m.reload()).toThrow(/reload\.yml: rule "x": field "query"/);
    expect(m.rules().map((r) => r.name)).toEqual(['high-load', 'load-band']);
  });

  it('a backend that is down decides nothing: no change, rule health error, no throw', async () => {
    const file = join(dir, 'rules.yml');
    const m = new RuleManager({ backend, files: [file] });
    await m.evaluate(T0 + 62 * M);
    expect(m.activeAlerts().flatMap((r) => r.alerts)).toHaveLength(2);
    const down = new PrometheusHttpBackend({ url: 'http://127.0.0.1:9', timeoutMs: 1_000 });
    const m2 = new RuleManager({ backend: down, rules: m.rules() });
    const errors: unknown[] = [];
    m2.on('error-evaluating', (e) => errors.push(e));
    await expect(m2.evaluate(T0 + 62 * M)).resolves.toEqual([]);
    expect(errors).toHaveLength(2);
    const s = m2.status();
    expect(s.rules[0]).toMatchObject({ health: 'error', lastError: { code: 'unreachable' } });
    expect(s.lastCycle.errors).toBe(2);
  });
});
