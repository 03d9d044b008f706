import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertHistory } from './alerts/history/store.js';
import { parseNotifyConfig } from './alerts/notify/config.js';
import { NotificationDispatcher } from './alerts/notify/dispatcher.js';
import type { AlertStateChange } from './alerts/state/types.js';
import { MonitorError } from './monitor/errors.js';
import { notificationsFromSeed, type SeedNotification } from './monitor/seed-notifications.js';
import { PrometheusHttpBackend } from './query/prometheus-http.js';
import type { QueryBackend } from './query/types.js';
import { EvaluationLoop } from './rules/loop.js';
import { RuleManager } from './rules/manager.js';
import { ruleFromSeed, type SeedRuleDefinition } from './rules/seed-rule.js';
import type { Rule } from './rules/types.js';

/** The seed's anomaly detection settings. */
export interface AnomalyDetectionConfig {
  /** Only 'isolation-forest' (the ml-anomaly-detection rule type). */
  algorithm?: 'isolation-forest';
  /**
   * 0..1 (default 0.8, the detectors' own defaults): higher detects earlier. Sets the levels a
   * rule added with addRule() leaves unset (sigmas, growth, degradation, slowdown ratio, forest
   * score, prediction horizon): see SENSITIVITY_MAPPINGS in detect/sensitivity.ts.
   */
  sensitivity?: number;
  /** ms; the default baseline window of ml-anomaly-detection rules added without one. */
  learningPeriod?: number;
}

export interface IntelligentAlertManagerConfig {
  anomalyDetection?: AnomalyDetectionConfig;
  notifications?: SeedNotification[];
  /** Where rules read metrics; or `prometheusUrl` (env CLAUDE_ZEN_PROMETHEUS_URL); or attach() later. */
  backend?: QueryBackend;
  prometheusUrl?: string;
  /** Alert history folder when notifications are configured (env CLAUDE_ZEN_DATA_DIR, else a temp folder). */
  dataDir?: string;
}

/**
 * The seed's `IntelligentAlertManager`: `new IntelligentAlertManager({ anomalyDetection,
 * notifications })`, `addRule(name, { metric, type, warning, critical, actions })` (dotted metric
 * names resolve to PromQL, see rules/aliases.ts), then `evaluate()` once or `start()` a loop
 * against the backend. Events: `alert` (every state change), `anomaly` (an alert started
 * firing), `warning` (a notification channel left out, and why).
 */
export class IntelligentAlertManager extends EventEmitter {
  readonly anomalyDetection: Required<AnomalyDetectionConfig>;
  /** Notification channels that were left out, and why. */
  readonly problems: string[];
  private readonly added: Rule[] = [];
  private backend: QueryBackend | undefined;
  private manager: RuleManager | undefined;
  private loop: EvaluationLoop | undefined;
  private history: AlertHistory | undefined;
  private dispatcher: NotificationDispatcher | undefined;
  private readonly notifyConfig: { channels: Record<string, unknown>[] } | undefined;

  constructor(private readonly config: IntelligentAlertManagerConfig = {}) {
    super();
    const ad = config.anomalyDetection ?? {};
    if (ad.algorithm !== undefined && ad.algorithm !== 'isolation-forest')
      throw new MonitorError(
        'invalid_config',
        `only "isolation-forest" is available (got ${JSON.stringify(ad.algorithm)})`,
        'anomalyDetection.algorithm',
      );
    if (ad.sensitivity !== undefined && !(ad.sensitivity >= 0 && ad.sensitivity <= 1))
      throw new MonitorError(
        'invalid_config',
        'must be a number from 0 to 1',
        'anomalyDetection.sensitivity',
      );
    if (ad.learningPeriod !== undefined && !(ad.learningPeriod > 0))
      throw new MonitorError(
        'invalid_config',
        'must be a number of ms > 0',
        'anomalyDetection.learningPeriod',
      );
    this.anomalyDetection = {
      algorithm: 'isolation-forest',
      sensitivity: ad.sensitivity ?? 0.8,
      learningPeriod: ad.learningPeriod ?? 3_600_000,
    };
    if (config.notifications) {
      const { config: c, problems } = notificationsFromSeed(config.notifications);
      parseNotifyConfig(c); // fail now, naming the field
      this.notifyConfig = c;
      this.problems = problems;
    } else this.problems = [];
    const url = config.prometheusUrl ?? process.env.CLAUDE_ZEN_PROMETHEUS_URL;
    this.backend = config.backend ?? (url ? new PrometheusHttpBackend({ url }) : undefined);
  }

  /** Adds (or replaces) a rule written the seed's way; throws RuleError naming the rule and field. */
  addRule(name: string, def: SeedRuleDefinition): Rule {
    const d: SeedRuleDefinition =
      def.type === 'ml-anomaly-detection' && def.baselineWindow === undefined
        ? { ...def, baselineWindow: this.anomalyDetection.learningPeriod }
        : def;
    const rule = ruleFromSeed(name, d, this.anomalyDetection.sensitivity);
    const i = this.added.findIndex((r) => r.name === name);
    if (i >= 0) this.added[i] = rule;
    else this.added.push(rule);
    this.manager?.setRules(this.added);
    return rule;
  }

  rules(): Rule[] {
    return [...this.added];
  }

  /** Where the rules read metrics (the embedded store's backend, or a Prometheus API). */
  attach(backend: QueryBackend): void {
    if (this.manager)
      throw new MonitorError('invalid_config', 'attach() before the first evaluate() or start()', 'backend');
    this.backend = backend;
  }

  private ensure(): RuleManager {
    if (this.manager) return this.manager;
    if (!this.backend)
      throw new MonitorError(
        'invalid_config',
        'no metrics to evaluate: pass backend or prometheusUrl, or call attach()',
        'backend',
      );
    if (this.notifyConfig && this.notifyConfig.channels.length > 0) {
      this.history = new AlertHistory({
        dataDir:
          this.config.dataDir ?? process.env.CLAUDE_ZEN_DATA_DIR ?? join(tmpdir(), 'claude-zen-alerts'),
      });
      this.dispatcher = NotificationDispatcher.fromConfig(parseNotifyConfig(this.notifyConfig), this.history);
      this.dispatcher.start();
    }
    for (const p of this.problems) this.emit('warning', p);
    const manager = new RuleManager({ backend: this.backend, rules: this.added });
    manager.on('change', (c: AlertStateChange) => {
      this.dispatcher?.enqueue(c);
      this.emit('alert', c);
      if (c.to === 'firing') this.emit('anomaly', c);
    });
    this.manager = manager;
    return manager;
  }

  /** Evaluates every rule once at `at` (default now) and returns the alert state changes. */
  async evaluate(at = Date.now()): Promise<AlertStateChange[]> {
    return this.ensure().evaluate(at);
  }

  /** Health of each rule (last evaluation, series judged, active alerts). */
  status(): ReturnType<RuleManager['status']> {
    return this.ensure().status();
  }

  /** Evaluates each rule on its own interval until stop(). */
  start(): void {
    this.loop ??= new EvaluationLoop(this.ensure());
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.loop?.stop();
    this.loop = undefined;
    await this.dispatcher?.stop();
    this.history?.close();
    this.dispatcher = undefined;
    this.history = undefined;
    this.manager = undefined;
  }
}
