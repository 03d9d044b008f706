import type { AuditDecision } from '../optimize/audit.js';
import type { BackendHealth } from '../query/types.js';
import type { RuleHealth } from '../rules/manager.js';

/** What the self-metrics are built from, read at scrape time. */
export interface SelfMetricsInput {
  backend: BackendHealth;
  rules: RuleHealth[];
  lastCycle: { at: number | null; durationMs: number | null; errors: number };
  /** Alerts by state (pending, firing) now. */
  alertsByState: Record<string, number>;
  /** Optimizer decisions since start (undefined with optimization off). */
  decisions?: Record<AuditDecision, number>;
  /** Alertmanager webhook alerts received, by status. */
  webhookAlerts: Record<string, number>;
}

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function family(
  name: string,
  type: 'gauge' | 'counter',
  help: string,
  samples: [string, number][],
): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([l, v]) => `${name}${l} ${v}`)];
}

/** The controller's own metrics in the Prometheus text format (version 0.0.4). */
export function selfMetricsText(m: SelfMetricsInput): string {
  const lines: string[] = [];
  lines.push(
    ...family(
      'claude_zen_controller_backend_up',
      'gauge',
      'Whether the query backend answered its last probe (1) or not (0).',
      [
        [
          `{backend="${esc(m.backend.backend)}",status="${m.backend.status}"}`,
          m.backend.status === 'up' || m.backend.status === 'slow' ? 1 : 0,
        ],
      ],
    ),
  );
  lines.push(
    ...family(
      'claude_zen_controller_rule_evaluation_duration_seconds',
      'gauge',
      'Duration of the last evaluation of each rule.',
      m.rules
        .filter((r) => r.lastDurationMs !== null)
        .map((r) => [`{rule="${esc(r.name)}"}`, (r.lastDurationMs as number) / 1000]),
    ),
  );
  lines.push(
    ...family(
      'claude_zen_controller_rule_health',
      'gauge',
      'Health of each rule: 1 for its current health (ok, error, unknown).',
      m.rules.map((r) => [`{rule="${esc(r.name)}",health="${r.health}"}`, 1]),
    ),
  );
  lines.push(
    ...family(
      'claude_zen_controller_alerts',
      'gauge',
      'Alerts by state.',
      Object.entries(m.alertsByState).map(([s, n]) => [`{state="${s}"}`, n]),
    ),
  );
  if (m.lastCycle.at !== null) {
    lines.push(
      ...family(
        'claude_zen_controller_last_evaluation_timestamp_seconds',
        'gauge',
        'When a rule was last evaluated.',
        [['', m.lastCycle.at / 1000]],
      ),
    );
  }
  if (m.decisions) {
    lines.push(
      ...family(
        'claude_zen_controller_optimizations_total',
        'counter',
        'Optimizer decisions by result since start (applied, verified, confirmed, rolled-back, failed, skipped, ...).',
        Object.entries(m.decisions).map(([d, n]) => [`{result="${d}"}`, n]),
      ),
    );
  }
  lines.push(
    ...family(
      'claude_zen_controller_webhook_alerts_total',
      'counter',
      'Alerts received from Alertmanager webhooks, by status.',
      Object.entries(m.webhookAlerts).map(([s, n]) => [`{status="${s}"}`, n]),
    ),
  );
  return `${lines.join('\n')}\n`;
}
