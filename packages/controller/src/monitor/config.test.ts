import { describe, expect, it } from 'vitest';
import { controllerConfigFromSeed } from '../monitor.js';
import { resolveControllerConfig } from './config.js';
import { MonitorError } from './errors.js';
import { notificationsFromSeed } from './seed-notifications.js';

function errorOf(f: () => unknown): MonitorError {
  try {
    f();
  } catch (e) {
    if (e instanceof MonitorError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('controller config', () => {
  it('fills defaults: embedded store, 1 s scrape, default rules, recommend mode, 127.0.0.1', () => {
    const c = resolveControllerConfig({ dataDir: '/tmp/x' });
    expect(c).toMatchObject({
      storage: 'embedded',
      scrapeIntervalMs: 1000,
      defaultRules: true,
      optimization: {
        mode: 'recommend',
        verificationDelayMs: 10_000,
        reverifyDelayMs: 30_000,
        intervalMs: 0,
      },
      http: { enabled: true, host: '127.0.0.1', port: 0 },
    });
  });

  it('names the field and the fix in every error', () => {
    const cases: [Parameters<typeof resolveControllerConfig>[0], string, RegExp][] = [
      [{ storage: 'influx' as 'embedded' }, 'storage', /must be "embedded" or "prometheus"/],
      [{ storage: 'prometheus' }, 'prometheusUrl', /is required .* http:\/\/127\.0\.0\.1:9090/],
      [{ storage: 'prometheus', prometheusUrl: 'localhost:9090' }, 'prometheusUrl', /not an http\(s\) URL/],
      [{ scrapeTargets: ['127.0.0.1'] }, 'scrapeTargets[0]', /not host:port/],
      [
        { storage: 'prometheus', prometheusUrl: 'http://p:9090', scrapeTargets: ['a:1'] },
        'scrapeTargets',
        /only the embedded store scrapes/,
      ],
      [{ optimization: { mode: 'yolo' as 'off' } }, 'optimization.mode', /off, recommend or automatic/],
      [{ http: { port: 70000 } }, 'http.port', /0\.\.65535/],
      [{ http: { token: 'short' } }, 'http.token', /at least 8/],
      [{ scrapeIntervalMs: 5 }, 'scrapeIntervalMs', />= 100/],
      [
        { optimization: { controlHosts: ['http://swarm-1:9465'] } },
        'optimization.controlHosts',
        /host names or IPs/,
      ],
    ];
    for (const [input, field, message] of cases) {
      const e = errorOf(() => resolveControllerConfig(input));
      expect(e.code).toBe('invalid_config');
      expect(e.field).toBe(field);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith(`${field}: `)).toBe(true);
    }
  });
});

describe("the seed's configs", () => {
  it('PerformanceMonitor: time-series is the embedded store; env gives targets, data, token and rule files', () => {
    const { config, problems } = controllerConfigFromSeed(
      { interval: 1000, storage: 'time-series', alerting: true, optimization: 'automatic' },
      {
        CLAUDE_ZEN_TARGETS: '127.0.0.1:9464, 127.0.0.1:9465',
        CLAUDE_ZEN_DATA_DIR: '/data',
        CLAUDE_ZEN_CONTROL_TOKEN: 'secret-token-1',
        CLAUDE_ZEN_RULES: 'a.yml,b.yml',
      },
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      storage: 'embedded',
      dataDir: '/data',
      scrapeTargets: ['127.0.0.1:9464', '127.0.0.1:9465'],
      scrapeIntervalMs: 1000,
      defaultRules: true,
      ruleFiles: ['a.yml', 'b.yml'],
      optimization: { mode: 'automatic', tokens: { default: 'secret-token-1' } },
      http: { enabled: false },
    });
    const off = controllerConfigFromSeed({ alerting: false }, {}).config;
    expect(off).toMatchObject({ defaultRules: false, ruleFiles: [], optimization: { mode: 'recommend' } });
    expect(errorOf(() => controllerConfigFromSeed({ storage: 'mongo' as 'embedded' }, {})).field).toBe(
      'storage',
    );
  });

  it('IntelligentAlertManager notifications: slack and email, a channel that cannot work is left out with the fix', () => {
    const seed = [
      { type: 'slack' as const, webhook: 'http://127.0.0.1:1/hook', channels: ['#alerts'] },
      { type: 'email' as const, recipients: ['ops@company.com'], severity: ['critical', 'warning'] },
    ];
    const none = notificationsFromSeed(seed, {});
    expect(none.config.channels).toEqual([
      { name: 'slack-0', kind: 'slack', webhookUrl: 'http://127.0.0.1:1/hook' },
    ]);
    expect(none.problems).toEqual([expect.stringMatching(/^notifications\[1\]\.smtp: no SMTP server/)]);

    const withSmtp = notificationsFromSeed(seed, {
      CLAUDE_ZEN_SMTP_URL: 'smtp://u%40x:p@mail.local:2525?from=monitor@company.com',
    });
    expect(withSmtp.problems).toEqual([]);
    expect(withSmtp.config.channels[1]).toEqual({
      name: 'email-1',
      kind: 'email',
      severities: ['critical', 'warning'],
      host: 'mail.local',
      port: 2525,
      secure: false,
      from: 'monitor@company.com',
      auth: { user: 'u@x', pass: 'p' },
      to: ['ops@company.com'],
    });
    const unset = notificationsFromSeed([{ type: 'slack', webhook: undefined }], {});
    expect(unset.problems[0]).toMatch(/^notifications\[0\]\.webhook: not set \(is SLACK_WEBHOOK empty\?\)/);
    expect(errorOf(() => notificationsFromSeed([{ type: 'pager' as 'slack' }], {})).field).toBe(
      'notifications[0].type',
    );
  });
});
