/**
 * Configurable inhibition rules in Alertmanager's format: parsed from the controller config or a
 * YAML file (an Alertmanager configuration or a bare list), errors naming the file and the field;
 * in the ControllerService a configured rule suppresses its targets (and keeps them from a real
 * webhook channel); without configuration the default (critical hides warning of the same target)
 * stays; `claude-zen monitor start --inhibit-rules FILE` reads the file and refuses a bad one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ControllerService,
  DEFAULT_INHIBIT_RULES,
  inhibitor,
  loadInhibitRulesFile,
  type MonitorAlert,
  parseInhibitRules,
} from '@claude-zen/controller';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'controller-inhibition-'));
const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  rmSync(dir, { recursive: true, force: true });
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const alert = (fingerprint: string, labels: Record<string, string>) => ({ fingerprint, labels });

describe('inhibition rules in Alertmanager format', () => {
  it('reads source_matchers/target_matchers/equal and the older source_match(_re) maps', () => {
    const rules = parseInhibitRules([
      {
        source_matchers: ['alertname="upstream-down"'],
        target_matchers: ['category=~"api|swarm"'],
        equal: ['instance'],
      },
      {
        source_match: { severity: 'critical' },
        target_match_re: { severity: 'warning|info' },
        equal: ['job'],
      },
    ]);
    const upstream = alert('u', {
      alertname: 'upstream-down',
      instance: 'a:1',
      severity: 'critical',
      job: 'x',
    });
    const api = alert('a', {
      alertname: 'api-slow',
      category: 'api',
      instance: 'a:1',
      severity: 'warning',
      job: 'y',
    });
    const elsewhere = alert('e', { ...api.labels, instance: 'b:1' });
    expect(inhibitor(api, [upstream], rules.slice(0, 1))).toBe(upstream);
    expect(inhibitor(elsewhere, [upstream], rules.slice(0, 1))).toBeUndefined();
    expect(rules[1]).toEqual({
      source_matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }],
      target_matchers: [{ name: 'severity', value: 'warning|info', isRegex: true, isEqual: true }],
      equal: ['job'],
    });
    const info = alert('i', { severity: 'info', job: 'x' });
    expect(inhibitor(info, [upstream], rules.slice(1))).toBe(upstream);
  });

  it('names the field of a bad rule', () => {
    expect(() => parseInhibitRules([{ source_matchers: ['severity=critical'] }])).toThrow(
      /^inhibit_rules\[0\]\.target_matchers: needs target_matchers/,
    );
    expect(() =>
      parseInhibitRules([{ source_matchers: ['sev critical'], target_matchers: ['a=b'] }]),
    ).toThrow(
      'inhibit_rules[0].source_matchers[0]: "sev critical" is not a matcher; write it like severity="critical"',
    );
    expect(() => parseInhibitRules([{ source_matcher: ['a=b'], target_matchers: ['a=b'] }])).toThrow(
      'inhibit_rules[0].source_matcher: unknown key; use source_matchers, target_matchers and equal',
    );
    expect(
      () => new ControllerService({ inhibitRules: [{ source_matchers: [], target_matchers: ['a=b'] }] }),
    ).toThrow('inhibitRules[0].source_matchers: must be a non-empty list of matchers');
  });

  it('loads an Alertmanager configuration file or a bare list; errors name the file', () => {
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      [
        'route: { receiver: default }',
        'receivers: [{ name: default }]',
        'inhibit_rules:',
        '  - source_matchers: [alertname="upstream-down"]',
        '    target_matchers: [category="api"]',
        '    equal: [instance]',
      ].join('\n'),
    );
    expect(loadInhibitRulesFile(amConfig)).toEqual([
      {
        source_matchers: [{ name: 'alertname', value: 'upstream-down', isRegex: false, isEqual: true }],
        target_matchers: [{ name: 'category', value: 'api', isRegex: false, isEqual: true }],
        equal: ['instance'],
      },
    ]);
    const list = join(dir, 'list.yml');
    writeFileSync(list, '- source_match: { severity: critical }\n  target_match: { severity: warning }\n');
    expect(loadInhibitRulesFile(list)).toHaveLength(1);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'inhibit_rules:\n  - source_matchers: [severity="critical"]\n    equal: instance\n');
    expect(() => loadInhibitRulesFile(bad)).toThrow(
      `${bad}: inhibit_rules[0].equal: must be a list of label names`,
    );
    expect(() => loadInhibitRulesFile(join(dir, 'missing.yml'))).toThrow(/missing\.yml: no such file/);
    const none = join(dir, 'none.yml');
    writeFileSync(none, 'route: { receiver: default }\n');
    expect(() => loadInhibitRulesFile(none)).toThrow(`${none}: has no inhibit_rules section`);
    // the default stays "critical hides warning of the same job and instance"
    expect(new ControllerService({ http: { enabled: false } }).inhibitRules).toEqual(DEFAULT_INHIBIT_RULES);
  });
});

describe('configured inhibition in the service', () => {
  it('an upstream-down alert hides api alerts of the same instance: suppressed, not notified', async () => {
    const target = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end('# TYPE demo_value gauge\ndemo_value 5\n');
    });
    const received: { change: { labels: Record<string, string> } }[] = [];
    const hook = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end();
      });
    });
    const rules = join(dir, 'rules.yml');
    writeFileSync(
      rules,
      [
        'interval: 1s',
        'rules:',
        '  - name: upstream-down',
        '    query: demo_value',
        '    type: threshold',
        '    params: { warning: 1, critical: 100, direction: above }',
        '  - name: api-slow',
        '    query: demo_value',
        '    type: threshold',
        '    params: { warning: 0.5, critical: 1, direction: above }',
        '    for: 2s',
        '    labels: { category: api }',
      ].join('\n'),
    );
    // both are of the same instance; api-slow is critical and upstream-down a warning, so the
    // default rule (critical hides warning) would not hide it: only the configured one does
    const service = new ControllerService({
      dataDir: join(dir, 'data'),
      scrapeTargets: [target],
      scrapeIntervalMs: 200,
      defaultRules: false,
      ruleFiles: [rules],
      evaluationTickMs: 100,
      optimization: { mode: 'off' },
      inhibitRules: [
        {
          source_matchers: ['alertname="upstream-down"'],
          target_matchers: ['category="api"'],
          equal: ['instance'],
        },
      ],
      notifications: { channels: [{ kind: 'webhook', name: 'hook', url: `http://${hook}/` }] },
      enrichWaitMs: 0,
      http: { enabled: false },
    });
    const alerts: MonitorAlert[] = [];
    service.on('alert', (a: MonitorAlert) => alerts.push(a));
    await service.start();
    try {
      const upstream = await waitFor('upstream-down', () =>
        alerts.find((a) => a.rule === 'upstream-down' && a.to === 'firing'),
      );
      const api = await waitFor('api-slow', () =>
        alerts.find((a) => a.rule === 'api-slow' && a.to === 'firing'),
      );
      expect(api).toMatchObject({
        severity: 'critical',
        status: 'suppressed',
        suppressedBy: { inhibitedBy: { fingerprint: upstream.fingerprint } },
      });
      await waitFor('the upstream notification', () => received[0]);
      await new Promise((r) => setTimeout(r, 500));
      expect(received.map((r) => r.change.labels.alertname)).toEqual(['upstream-down']);
    } finally {
      await service.stop();
    }
  }, 30_000);

  it('claude-zen monitor start --inhibit-rules refuses a bad file with one line naming it (exit 2)', () => {
    const bad = join(dir, 'cli-bad.yml');
    writeFileSync(bad, 'inhibit_rules:\n  - target_matchers: [severity="warning"]\n');
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'packages/cli/dist/bin.js'),
        'monitor',
        'start',
        '--inhibit-rules',
        bad,
        '--data',
        join(dir, 'cli'),
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.stderr.trim()).toBe(
      `claude-zen: ${bad}: inhibit_rules[0].source_matchers: needs source_matchers (e.g. ["severity=\\"critical\\""]) or source_match: an empty side would match every alert`,
    );
    expect(r.status).toBe(2);
  });
});
