import { EventEmitter } from 'node:events';
import { AnomalyGauges } from '../alerts/enrich/anomaly-gauges.js';
import { type EnrichRule, enrichAlert } from '../alerts/enrich/enrich.js';
import { waitForEnrichment, withEnrichment } from '../alerts/enrich/notification.js';
import { EnrichmentStore } from '../alerts/enrich/store.js';
import type { EnrichedAlert } from '../alerts/enrich/types.js';
import { AlertHistory } from '../alerts/history/store.js';
import { DEFAULT_INHIBIT_RULES } from '../alerts/inhibition/rules.js';
import type { InhibitRule } from '../alerts/inhibition/types.js';
import { parseNotifyConfig } from '../alerts/notify/config.js';
import { NotificationDispatcher } from '../alerts/notify/dispatcher.js';
import { type AlertmanagerEvent, expressionOf } from '../alerts/receivers/payload.js';
import { SilenceStore } from '../alerts/silences/store.js';
import { type AlertSuppression, suppressionOf } from '../alerts/silences/suppression.js';
import type { Silence } from '../alerts/silences/types.js';
import type { AlertRecord, AlertStateChange, SeriesObservation } from '../alerts/state/types.js';
import { type DashboardOptions, getDashboardData, type PerformanceDashboard } from '../health/dashboard.js';
import { QueryMetricsReader } from '../optimize/metrics.js';
import { type OptimizationResult, Optimizer, type Proposal } from '../optimize/optimizer.js';
import { DiscoveredTargets, StaticTargets } from '../optimize/targets.js';
import { STRATEGY_NAMES, type StrategyName } from '../optimize/types.js';
import type { BackendHealth, QueryBackend } from '../query/types.js';
import { loadRuleFiles } from '../rules/loader.js';
import { EvaluationLoop } from '../rules/loop.js';
import { RuleManager } from '../rules/manager.js';
import type { Rule } from '../rules/types.js';
import { startWebServer, type WebServer } from '../web/server.js';
import {
  type ControllerConfig,
  type ControllerConfigInput,
  DEFAULT_RULES_FILE,
  resolveControllerConfig,
} from './config.js';
import { MonitorError } from './errors.js';
import { selfMetricsText } from './self-metrics.js';
import { openStorage, type Storage } from './storage.js';

/** An alert as the `anomaly` and `alert` events carry it. */
export interface MonitorAlert extends AlertStateChange {
  /** `rule`: evaluated here; `alertmanager`: received on the webhook. */
  source: 'rule' | 'alertmanager';
  /** The seed's statuses: active (pending or firing), resolved, suppressed (firing but silenced or inhibited). */
  status: 'active' | 'resolved' | 'suppressed';
  title: string;
  /** Why a suppressed alert is suppressed. */
  suppressedBy?: AlertSuppression;
}

/** What `GET /healthz` answers. */
export interface ControllerHealth {
  status: 'ok' | 'degraded';
  backend: BackendHealth;
  rules: ReturnType<RuleManager['status']>['rules'];
  lastEvaluationAt: number | null;
  optimization: ControllerConfig['optimization']['mode'];
}

function toAlert(change: AlertStateChange, source: MonitorAlert['source']): MonitorAlert {
  return {
    ...change,
    source,
    status: change.to === 'pending' || change.to === 'firing' ? 'active' : 'resolved',
    title: change.annotations.summary ?? change.annotations.title ?? `${change.rule} (${change.severity})`,
  };
}

/**
 * The controller: storage (embedded store scraping targets, or a Prometheus API) → rules
 * evaluated on a loop → on each alert state change: history and notifications, and for firing
 * alerts the optimizer (per its mode) → events `alert`, `anomaly`, `optimization-applied`,
 * `optimization-failed` (and the optimizer's other decisions). An HTTP server serves health,
 * alerts, optimizations, self-metrics, the Alertmanager webhook and reload.
 */
export class ControllerService extends EventEmitter {
  readonly config: ControllerConfig;
  private storage: Storage | undefined;
  private manager: RuleManager | undefined;
  private loop: EvaluationLoop | undefined;
  private history: AlertHistory | undefined;
  private dispatcher: NotificationDispatcher | undefined;
  private optimizerInstance: Optimizer | undefined;
  private server: WebServer | undefined;
  private silenceStore: SilenceStore | undefined;
  /** Firing alerts held back by a silence or an inhibition, rechecked every evaluation tick. */
  private readonly suppressedAlerts = new Map<string, { change: AlertStateChange; why: AlertSuppression }>();
  private suppressionTimer: NodeJS.Timeout | undefined;
  /** Inhibition rules (default: critical hides warning of the same job and instance). */
  inhibitRules: readonly InhibitRule[] = DEFAULT_INHIBIT_RULES;
  private readonly extraRules: Rule[] = [];
  private readonly pendingWork = new Set<Promise<unknown>>();
  private readonly webhookCounts: Record<string, number> = { firing: 0, resolved: 0 };
  private readonly enrichments = new EnrichmentStore();
  /** Notifications of firing alerts waiting for their enrichment, by fingerprint. */
  private readonly notifyChains = new Map<string, Promise<unknown>>();
  private readonly anomalyGauges = new AnomalyGauges();
  private readonly onSighup = () => {
    try {
      const r = this.reload();
      this.config.log(
        `rules reloaded on SIGHUP: ${r.rules} rules (${r.added.length} added, ${r.removed.length} removed)`,
      );
    } catch (e) {
      this.config.log(`rules not reloaded: ${(e as Error).message}`);
    }
  };
  private started = false;
  /** Where the HTTP server listens (after start), e.g. http://127.0.0.1:3456 */
  url: string | undefined;

  constructor(config: ControllerConfigInput = {}) {
    super();
    this.config = resolveControllerConfig(config);
    this.inhibitRules = this.config.inhibitRules;
    if (this.config.notifications !== undefined) parseNotifyConfig(this.config.notifications); // fail early
    if (this.config.http.enabled && this.config.http.auth && this.config.http.token === undefined)
      this.config.log('no http.token: the endpoints that change something (POST, DELETE) are refused');
  }

  get backend(): QueryBackend {
    return this.need(this.storage, 'backend').backend;
  }

  get rules(): RuleManager {
    return this.need(this.manager, 'rules');
  }

  /** The optimizer (undefined when optimization is off). */
  get optimizer(): Optimizer | undefined {
    return this.optimizerInstance;
  }

  get alertHistory(): AlertHistory {
    return this.need(this.history, 'alertHistory');
  }

  get storageParts(): Storage | undefined {
    return this.storage;
  }

  private need<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw new MonitorError('not_started', `${what} is available after start()`);
    return v;
  }

  /** All rules: the defaults (unless replaced by a rule of the same name), files, code. */
  private loadRules(): Rule[] {
    const user = [...loadRuleFiles(this.config.ruleFiles), ...this.config.rules, ...this.extraRules];
    const names = new Set(user.map((r) => r.name));
    const defaults = this.config.defaultRules
      ? loadRuleFiles([DEFAULT_RULES_FILE]).filter((r) => !names.has(r.name))
      : [];
    return [...defaults, ...user];
  }

  /** Adds a rule at run time (kept across reloads). */
  addRule(rule: Rule): void {
    this.extraRules.push(rule);
    if (this.manager) this.manager.setRules(this.loadRules());
  }

  /** Rereads the rule files; alert state of unchanged rules is kept. Throws RuleError when invalid. */
  reload(): { rules: number; added: string[]; removed: string[]; kept: string[]; reset: string[] } {
    const rules = this.loadRules();
    const report = this.rules.setRules(rules);
    return { rules: rules.length, ...report };
  }

  async start(): Promise<void> {
    if (this.started) return;
    const c = this.config;
    const rules = this.loadRules(); // a bad rule file fails before anything opens
    this.storage = openStorage(c);
    try {
      await this.storage.start();
      if (c.storage === 'prometheus') {
        const h = await this.storage.backend.health();
        if (h.status === 'down')
          throw new MonitorError(
            'backend_unreachable',
            `${c.prometheusUrl} does not answer (${h.lastError?.message ?? 'no answer'}); start Prometheus or fix --prometheus-url`,
            'prometheusUrl',
          );
      }
      this.history = new AlertHistory({ dataDir: c.dataDir });
      this.silenceStore = new SilenceStore({ dataDir: c.dataDir });
      for (const p of this.silenceStore.problems) c.log(`silences: ${p}`);
      if (c.notifications !== undefined) {
        this.dispatcher = NotificationDispatcher.fromConfig(
          parseNotifyConfig(c.notifications),
          this.history,
          {
            onError: (e) => c.log(`alert history: ${e.message}`),
            // a restart must not notify an alert whose silence is still active
            muteOnResume: (change) => this.silenceStore?.isSilenced(change.labels, Date.now()) ?? false,
          },
        );
        this.dispatcher.start();
      }
      if (c.optimization.mode !== 'off') this.optimizerInstance = this.createOptimizer();
      this.manager = new RuleManager({ backend: this.storage.backend, rules });
      this.manager.on('change', (change: AlertStateChange) => this.onChange(change));
      this.manager.on(
        'observations',
        (o: { rule: string; at: number; observations: SeriesObservation[] }) => {
          for (const obs of o.observations) this.anomalyGauges.record(o.rule, obs.labels, obs, o.at);
        },
      );
      this.manager.on('error-evaluating', (e: { rule: string; error: Error }) =>
        this.emit('evaluation-error', e),
      );
      this.loop = new EvaluationLoop(this.manager, { tickMs: c.evaluationTickMs });
      if (c.http.enabled) {
        this.server = await startWebServer(this, c);
        this.url = this.server.url;
        // its own metrics (anomaly bands, self-metrics) into the embedded store, now that it listens
        await this.storage.scrapeSelf?.(this.server.address);
      }
      if (c.optimization.intervalMs > 0) this.optimizerInstance?.start();
      this.loop.start();
      this.suppressionTimer = setInterval(() => this.recheckSuppressed(), c.evaluationTickMs);
      this.suppressionTimer.unref();
      if (c.reloadOnSighup) process.on('SIGHUP', this.onSighup);
      this.started = true;
    } catch (e) {
      await this.teardown();
      throw e;
    }
  }

  private createOptimizer(): Optimizer {
    const c = this.config;
    const backend = this.backend;
    const o = c.optimization;
    const optimizer = new Optimizer({
      reader: new QueryMetricsReader(backend),
      targets: o.targets
        ? new StaticTargets(o.targets, o.tokens)
        : new DiscoveredTargets(backend, {
            tokens: o.tokens,
            allowedHosts: o.controlHosts,
            onRejected: (url, why) => c.log(`control URL ${url} refused: ${why}`),
          }),
      dataDir: c.dataDir,
      defaultMode: o.mode,
      safetyLimits: o.safetyLimits,
      verificationDelayMs: o.verificationDelayMs,
      reverifyDelayMs: o.reverifyDelayMs,
      windowMs: o.windowMs,
      leaseMs: o.leaseMs,
      cooldownMs: o.cooldownMs,
      // the metric-condition loop runs only when asked for (start() below); alerts always drive it
      intervalMs: o.intervalMs > 0 ? o.intervalMs : 60_000,
    });
    for (const name of [
      'optimization-applied',
      'optimization-failed',
      'optimization-started',
      'optimization-verified',
      'optimization-confirmed',
      'optimization-rolled-back',
      'optimization-queued',
      'optimization-skipped',
      'decision',
    ]) {
      optimizer.on(name, (payload: unknown) => {
        if (name === 'optimization-failed' && this.listenerCount(name) === 0) return;
        this.emit(name, payload);
      });
    }
    optimizer.on('loop-error', (e: Error) => c.log(`optimizer loop: ${e.message}`));
    return optimizer;
  }

  private onChange(change: AlertStateChange): void {
    if (!this.started) return; // an evaluation that finished after stop()
    const enrichment = this.enrichChange(change);
    const why = change.to === 'firing' ? this.alertSuppression(change, change.at) : undefined;
    const wasSuppressed = this.suppressedAlerts.delete(change.fingerprint);
    if (why || (wasSuppressed && change.to === 'resolved')) {
      // recorded, shown, but neither notified nor optimized (a resolve of an alert never notified stays quiet)
      if (why) this.suppressedAlerts.set(change.fingerprint, { change, why });
      try {
        this.history?.recordChange(change);
      } catch (e) {
        this.config.log(`alert history: ${(e as Error).message}`);
      }
      this.emit('alert', {
        ...toAlert(change, 'rule'),
        ...(why ? { status: 'suppressed', suppressedBy: why } : {}),
      });
      return;
    }
    if (this.dispatcher) this.notify(change, enrichment);
    else {
      try {
        this.history?.recordChange(change);
      } catch (e) {
        this.config.log(`alert history: ${(e as Error).message}`);
      }
    }
    const alert = toAlert(change, 'rule');
    this.emit('alert', alert);
    if (change.to === 'firing') {
      this.emit('anomaly', alert);
      const rule = this.manager?.rules().find((r) => r.name === change.rule);
      this.track(this.optimize(change.rule, change.labels, change.value, rule?.actions ?? []));
    }
  }

  /** Anomaly gauges from the change; a firing alert is enriched in the background (never blocks evaluation). */
  private enrichChange(change: AlertStateChange): Promise<EnrichedAlert> | undefined {
    this.anomalyGauges.record(change.rule, change.labels, change, change.at);
    if (change.to === 'resolved' || change.to === 'inactive')
      this.enrichments.markResolved(change.fingerprint, change.at);
    if (change.to !== 'firing') return undefined;
    const of = this.manager?.rules().find((r) => r.name === change.rule);
    return of ? this.enrich(change, of) : undefined;
  }

  /** Enriches a firing alert in the background into the enrichment store. */
  private enrich(change: AlertStateChange, rule: EnrichRule): Promise<EnrichedAlert> | undefined {
    if (!this.storage) return undefined;
    const enrichment = enrichAlert(change, this.storage.backend, rule, change.at).then((e) => {
      this.enrichments.set(e);
      return e;
    });
    this.track(enrichment);
    return enrichment;
  }

  /**
   * Notifies a change. A firing alert's notification waits for its enrichment (root causes,
   * recommendations, impact) up to `enrichWaitMs`, then goes without and says so. The change is
   * recorded in the history at once; later changes of the same alert queue behind it, in order.
   */
  private notify(change: AlertStateChange, enrichment: Promise<EnrichedAlert> | undefined): void {
    const dispatcher = this.dispatcher;
    if (!dispatcher) return;
    const fp = change.fingerprint;
    const waiting = this.notifyChains.get(fp);
    if (!waiting && (change.to !== 'firing' || !enrichment)) {
      dispatcher.enqueue(change);
      return;
    }
    try {
      this.history?.recordChange(change);
    } catch (e) {
      this.config.log(`alert history: ${(e as Error).message}`);
    }
    const waitMs = this.config.enrichWaitMs;
    const next = (waiting ?? Promise.resolve())
      .then(async () => {
        if (change.to !== 'firing' || !enrichment) return change;
        const enriched = await waitForEnrichment(enrichment, waitMs);
        if (!enriched)
          this.config.log(
            `alert ${change.rule}: notified without root causes (not ready within ${waitMs} ms)`,
          );
        return withEnrichment(change, enriched, waitMs);
      })
      .then((sent) => this.dispatcher?.enqueue(sent, { recorded: true }))
      .finally(() => {
        if (this.notifyChains.get(fp) === next) this.notifyChains.delete(fp);
      });
    this.notifyChains.set(fp, next);
    this.track(next);
  }

  /** The latest enrichment of recent alerts (context, trend, root causes, recommendations), newest first. */
  enrichedAlerts(): EnrichedAlert[] {
    return this.enrichments.list();
  }

  /** An alert from Alertmanager's webhook: recorded as an event and fed to the same optimizer. */
  receiveAlertmanager(event: AlertmanagerEvent): void {
    if (!this.started) return;
    this.webhookCounts[event.status] = (this.webhookCounts[event.status] ?? 0) + 1;
    const name = event.labels.alertname ?? 'alertmanager';
    const at = Date.parse(event.startsAt) || Date.now();
    const change: AlertStateChange = {
      rule: name,
      labels: event.labels,
      annotations: event.annotations,
      fingerprint: event.fingerprint,
      from: event.status === 'firing' ? 'inactive' : 'firing',
      to: event.status === 'firing' ? 'firing' : 'resolved',
      at,
      activeAt: at,
      value: Number.NaN,
      severity: event.labels.severity ?? 'warning',
      score: Number.NaN,
      expected: Number.NaN,
      lower: Number.NaN,
      upper: Number.NaN,
      evidence: {},
    };
    if (event.status === 'firing') {
      // the same root-cause analysis as for our own alerts: the local rule of that name, or the
      // expression Prometheus links in generatorURL
      const local = this.manager?.rules().find((r) => r.name === name);
      this.enrich(change, local ?? { query: expressionOf(event.generatorURL) });
    } else this.enrichments.markResolved(change.fingerprint, Date.now());
    const alert = toAlert(change, 'alertmanager');
    this.emit('alert', alert);
    if (event.status === 'firing') {
      this.emit('anomaly', alert);
      const actions = (event.annotations.actions ?? '').split(/[,\s]+/).filter(Boolean);
      this.track(this.optimize(name, event.labels, undefined, actions));
    }
  }

  private track(p: Promise<unknown>): void {
    const q = p
      .catch((e) => this.config.log(`optimizer: ${(e as Error).message}`))
      .finally(() => this.pendingWork.delete(q));
    this.pendingWork.add(q);
  }

  /**
   * A firing alert → the strategies that listen to its name, or (for custom rules) whose actions
   * include one of the rule's actions → proposals on the matching targets.
   */
  async optimize(
    alertName: string,
    labels: Record<string, string>,
    value: number | undefined,
    ruleActions: readonly string[],
  ): Promise<Proposal[]> {
    const optimizer = this.optimizerInstance;
    if (!optimizer) return [];
    const listening = STRATEGY_NAMES.filter((s) => optimizer.strategy(s).alerts.includes(alertName));
    if (listening.length > 0) return optimizer.handleAlert({ name: alertName, labels, value });
    const byAction: StrategyName[] = STRATEGY_NAMES.filter((s) =>
      optimizer.strategy(s).actions.some((a) => ruleActions.includes(a.name)),
    );
    if (byAction.length === 0) return [];
    const targets = (await optimizer.listTargets()).filter(
      (t) =>
        (labels.instance === undefined || t.selector.instance === labels.instance) &&
        (labels.job === undefined || t.selector.job === labels.job),
    );
    const out: Proposal[] = [];
    for (const t of targets) {
      for (const s of byAction) {
        out.push(
          await optimizer.propose(s, t, {
            kind: 'alert',
            reason: alertName,
            metric: optimizer.strategy(s).goal,
            value,
          }),
        );
      }
    }
    return out;
  }

  get silences(): SilenceStore {
    return this.need(this.silenceStore, 'silences');
  }

  /** Creates a silence (throws SilenceError naming the field); alerts it matches are suppressed at once. */
  addSilence(input: unknown): Silence {
    return this.silences.add(input);
  }

  /** Expires a silence; alerts it held back that still fire are notified (and optimized) now. */
  expireSilence(id: string): Silence {
    const s = this.silences.expire(id);
    this.recheckSuppressed();
    return s;
  }

  /** Why a firing alert is suppressed now (silence or inhibition), or undefined. */
  alertSuppression(
    alert: { fingerprint: string; labels: Record<string, string>; severity: string },
    at = Date.now(),
  ): AlertSuppression | undefined {
    const firing = this.activeAlerts()
      .filter((a) => a.state === 'firing')
      .map((a) => ({ fingerprint: a.fingerprint, labels: { ...a.labels, severity: a.last.severity } }));
    const labels = { ...alert.labels, severity: alert.severity };
    return suppressionOf(
      { fingerprint: alert.fingerprint, labels },
      at,
      this.silenceStore,
      firing,
      this.inhibitRules,
    );
  }

  /** Active alerts with their status: `suppressed` (and why) when firing but silenced or inhibited. */
  alertStatuses(): (AlertRecord & {
    rule: string;
    status: 'active' | 'suppressed';
    suppressedBy?: AlertSuppression;
  })[] {
    return this.activeAlerts().map((a) => {
      const why =
        a.state === 'firing'
          ? this.alertSuppression({ fingerprint: a.fingerprint, labels: a.labels, severity: a.last.severity })
          : undefined;
      return why ? { ...a, status: 'suppressed', suppressedBy: why } : { ...a, status: 'active' };
    });
  }

  /** Held-back alerts whose silence ended or whose inhibitor resolved, still firing: notified now. */
  private recheckSuppressed(): void {
    if (!this.started || this.suppressedAlerts.size === 0) return;
    const now = Date.now();
    const firing = new Map(
      this.activeAlerts()
        .filter((a) => a.state === 'firing')
        .map((a) => [a.fingerprint, a]),
    );
    for (const [fp, entry] of [...this.suppressedAlerts]) {
      const rec = firing.get(fp);
      if (!rec) continue; // its resolve comes as a change
      const why = this.alertSuppression(
        { fingerprint: fp, labels: rec.labels, severity: rec.last.severity },
        now,
      );
      if (why) {
        entry.why = why;
        continue;
      }
      this.suppressedAlerts.delete(fp);
      this.onChange({
        ...entry.change,
        from: 'firing',
        to: 'firing',
        at: now,
        value: rec.last.value,
        severity: rec.last.severity,
        score: rec.last.score,
        expected: rec.last.expected,
        lower: rec.last.lower,
        upper: rec.last.upper,
        evidence: rec.last.evidence,
      });
    }
  }

  /** Alerts pending or firing now, from every rule. */
  activeAlerts(): (AlertRecord & { rule: string })[] {
    return (this.manager?.activeAlerts() ?? []).flatMap((g) => g.alerts.map((a) => ({ ...a, rule: g.rule })));
  }

  /**
   * Alerts in the seed's shape: the pending and firing ones (`active`) and those resolved within
   * the last hour (`resolved`), newest first.
   */
  alertsForDashboard(sinceMs = 3_600_000): MonitorAlert[] {
    const active = new Set(this.activeAlerts().map((a) => a.fingerprint));
    const since = Date.now() - sinceMs;
    return (this.history?.latestChanges() ?? [])
      .filter((c) => c.at >= since && (active.has(c.fingerprint) || c.to === 'resolved'))
      .sort((a, b) => b.at - a.at)
      .map((c) => {
        const alert = toAlert(c, 'rule');
        const why = c.to === 'firing' ? this.alertSuppression(c) : undefined;
        return why ? { ...alert, status: 'suppressed' as const, suppressedBy: why } : alert;
      });
  }

  /** The seed's dashboard data (health, metrics, trends, predictions, alerts, optimizations, recommendations). */
  async dashboard(
    opts: Omit<DashboardOptions<MonitorAlert>, 'alerts' | 'optimizations'> = {},
  ): Promise<PerformanceDashboard<MonitorAlert>> {
    return getDashboardData<MonitorAlert>(this.backend, {
      ...opts,
      alerts: this.alertsForDashboard(),
      optimizations: { recent: this.optimizations(), pending: this.optimizerInstance?.pending() ?? [] },
    });
  }

  /** Recent optimization results, newest first. */
  optimizations(): OptimizationResult[] {
    return this.optimizerInstance?.results() ?? [];
  }

  lastEvaluationAt(): number | null {
    const times = (this.manager?.status().rules ?? [])
      .map((r) => r.lastEvaluatedAt)
      .filter((t): t is number => t !== null);
    return times.length ? Math.max(...times) : null;
  }

  async health(): Promise<ControllerHealth> {
    const backend = await this.backend.health();
    const rules = this.rules.status().rules;
    return {
      status: backend.status === 'up' && rules.every((r) => r.health !== 'error') ? 'ok' : 'degraded',
      backend,
      rules,
      lastEvaluationAt: this.lastEvaluationAt(),
      optimization: this.config.optimization.mode,
    };
  }

  async metricsText(): Promise<string> {
    const status = this.rules.status();
    const byState: Record<string, number> = { pending: 0, firing: 0 };
    for (const a of this.activeAlerts()) byState[a.state] = (byState[a.state] ?? 0) + 1;
    const text = selfMetricsText({
      backend: await this.backend.health(),
      rules: status.rules,
      lastCycle: { ...status.lastCycle, at: this.lastEvaluationAt() },
      alertsByState: byState,
      decisions: this.optimizerInstance?.counters(),
      webhookAlerts: this.webhookCounts,
    });
    const now = Date.now();
    for (const a of this.activeAlerts())
      this.anomalyGauges.record(a.rule, a.labels, a.last, a.lastActiveAt ?? now);
    return text + this.anomalyGauges.text(now);
  }

  /** Stops everything it started: loop, optimizer (unconfirmed changes go to their leases), server, store. */
  async stop(): Promise<void> {
    if (!this.started && !this.storage) return;
    await this.teardown();
  }

  private async teardown(): Promise<void> {
    this.started = false;
    process.off('SIGHUP', this.onSighup);
    clearInterval(this.suppressionTimer);
    this.suppressionTimer = undefined;
    this.suppressedAlerts.clear();
    this.loop?.stop();
    this.loop = undefined;
    if (this.server) {
      await this.server.close();
      this.server = undefined;
      this.url = undefined;
    }
    await Promise.allSettled([...this.pendingWork]);
    await this.optimizerInstance?.stop();
    await this.dispatcher?.stop();
    this.dispatcher = undefined;
    this.history?.close();
    this.history = undefined;
    this.silenceStore?.close();
    this.silenceStore = undefined;
    await this.storage?.stop();
    this.storage = undefined;
  }
}
