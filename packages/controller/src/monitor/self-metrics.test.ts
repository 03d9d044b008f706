import { describe, expect, it } from 'vitest';
import { selfMetricsText } from './self-metrics.js';
import { scrapeConfigText } from './storage.js';

describe('self-metrics', () => {
  it('exposes backend up, rule durations and health, alerts by state, optimizations by result', () => {
    const text = selfMetricsText({
      backend: {
        status: 'down',
        backend: 'prometheus http://p:9090',
        latencyMs: null,
        lastError: null,
        checkedAt: 0,
      },
      rules: [
        {
          name: 'cpu "usage"',
          health: 'ok',
          lastError: null,
          lastEvaluatedAt: 1_000,
          lastDurationMs: 12,
          series: 2,
          activeAlerts: 1,
        },
        {
          name: 'never',
          health: 'unknown',
          lastError: null,
          lastEvaluatedAt: null,
          lastDurationMs: null,
          series: 0,
          activeAlerts: 0,
        },
      ],
      lastCycle: { at: 5_000, durationMs: 3, errors: 0 },
      alertsByState: { pending: 1, firing: 2 },
      decisions: {
        queued: 0,
        skipped: 1,
        approved: 0,
        applied: 2,
        verified: 1,
        confirmed: 1,
        reverified: 0,
        'rolled-back': 1,
        failed: 0,
        abandoned: 0,
      },
      webhookAlerts: { firing: 3, resolved: 0 },
    });
    expect(text).toContain(
      'claude_zen_controller_backend_up{backend="prometheus http://p:9090",status="down"} 0',
    );
    expect(text).toContain(
      'claude_zen_controller_rule_evaluation_duration_seconds{rule="cpu \\"usage\\""} 0.012',
    );
    expect(text).not.toContain('rule_evaluation_duration_seconds{rule="never"}');
    expect(text).toContain('claude_zen_controller_rule_health{rule="never",health="unknown"} 1');
    expect(text).toContain('claude_zen_controller_alerts{state="firing"} 2');
    expect(text).toContain('claude_zen_controller_last_evaluation_timestamp_seconds 5');
    expect(text).toContain('claude_zen_controller_optimizations_total{result="rolled-back"} 1');
    expect(text).toContain('claude_zen_controller_webhook_alerts_total{status="firing"} 3');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('scrape config of the embedded store: one job, interval and a timeout below it', () => {
    expect(scrapeConfigText(['127.0.0.1:9464'], 1000)).toContain('scrape_timeout: 990ms');
    expect(scrapeConfigText(['a:1', 'b:2'], 100)).toContain('targets: ["a:1", "b:2"]');
  });
});
