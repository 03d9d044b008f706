import type { AlertStateChange } from '../state/types.js';
import { NotifyError } from './errors.js';
import { postJson } from './http-post.js';
import type { AlertmanagerChannelConfig, Notifier } from './types.js';

/** One alert as Alertmanager's v2 API (`POST /api/v2/alerts`) takes it. */
export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

const DEFAULT_RESEND_MS = 60_000;

/**
 * Pushes alerts to Alertmanager like Prometheus does: firing alerts carry endsAt = now + 4x the
 * resend interval and are re-pushed every resend interval while firing (so Alertmanager never
 * resolves them by timeout); a resolved alert is pushed once with endsAt = its resolve time.
 */
export class AlertmanagerNotifier implements Notifier {
  readonly kind = 'alertmanager' as const;
  readonly name: string;
  private readonly resendMs: number;
  private readonly active = new Map<string, AlertStateChange>();
  private timer: NodeJS.Timeout | undefined;
  private resending: Promise<void> | undefined;
  /** Failures of the periodic re-push (the dispatcher only sees first pushes). */
  resendFailures = 0;
  lastResendError: string | undefined;

  constructor(
    private readonly cfg: AlertmanagerChannelConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.name = cfg.name;
    this.resendMs = cfg.resendIntervalMs ?? DEFAULT_RESEND_MS;
  }

  toAlert(change: AlertStateChange, at: number): AlertmanagerAlert {
    // Alertmanager 0.2x accepts only classic label names and drops empty values (= absent).
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(change.labels)) {
      if (v === '') continue;
      const safe = k.replace(/[^a-zA-Z0-9_]/g, '_');
      labels[/^[0-9]/.test(safe) ? `_${safe}` : safe] = v;
    }
    if (labels.alertname === undefined) labels.alertname = change.rule;
    if (labels.severity === undefined && change.severity) labels.severity = change.severity;
    const startsAt = new Date(change.activeAt ?? change.at).toISOString();
    const endsAt =
      change.to === 'firing'
        ? new Date(at + 4 * this.resendMs).toISOString()
        : new Date(change.at).toISOString();
    const alert: AlertmanagerAlert = { labels, annotations: { ...change.annotations }, startsAt, endsAt };
    if (this.cfg.generatorUrl) alert.generatorURL = this.cfg.generatorUrl;
    return alert;
  }

  private headers(): Record<string, string> {
    if (this.cfg.bearerToken) return { authorization: `Bearer ${this.cfg.bearerToken}` };
    if (this.cfg.basicAuth) {
      const { username, password } = this.cfg.basicAuth;
      return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
    }
    return {};
  }

  private async post(alerts: AlertmanagerAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    const url = `${this.cfg.url.replace(/\/+$/, '')}/api/v2/alerts`;
    await postJson(url, alerts, {
      what: `alertmanager channel ${JSON.stringify(this.name)}`,
      headers: this.headers(),
      timeoutMs: this.cfg.timeoutMs,
    });
  }

  async send(change: AlertStateChange): Promise<void> {
    if (change.to !== 'firing' && change.to !== 'resolved') {
      throw new NotifyError('delivery_failed', `alertmanager channel: cannot push state ${change.to}`);
    }
    await this.post([this.toAlert(change, this.now())]);
    if (change.to === 'firing') this.active.set(change.fingerprint, change);
    else this.active.delete(change.fingerprint);
  }

  restore(change: AlertStateChange): void {
    if (change.to === 'firing') this.active.set(change.fingerprint, change);
    else this.active.delete(change.fingerprint);
  }

  /** The alerts currently re-pushed (fingerprints). */
  activeFingerprints(): string[] {
    return [...this.active.keys()];
  }

  /** Re-pushes every firing alert with endsAt renewed; failures are counted, retried next tick. */
  async resendNow(): Promise<void> {
    const at = this.now();
    try {
      await this.post([...this.active.values()].map((c) => this.toAlert(c, at)));
    } catch (err) {
      this.resendFailures++;
      this.lastResendError = err instanceof Error ? err.message : String(err);
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.resending) return;
      this.resending = this.resendNow().finally(() => {
        this.resending = undefined;
      });
    }, this.resendMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.resending;
  }
}
