import type { AlertStateChange } from '../state/types.js';

/** The four kinds of notification channel. */
export type ChannelKind = 'alertmanager' | 'slack' | 'email' | 'webhook';

/** Retry policy of one channel: exponential backoff with jitter, bounded attempts. */
export interface RetryPolicy {
  /** Total attempts including the first (>= 1). */
  attempts: number;
  /** Delay before the first retry, in ms. */
  initialDelayMs: number;
  /** Upper bound of one delay, in ms. */
  maxDelayMs: number;
  /** Growth factor of the delay per attempt (>= 1). */
  factor: number;
}

/** A destination of alert notifications. */
export interface Notifier {
  /** Unique channel name (config key; used in history, dead letters and metrics). */
  readonly name: string;
  readonly kind: ChannelKind;
  /** Deliver one state change; throw a NotifyError (retryable or not) on failure. */
  send(change: AlertStateChange): Promise<void>;
  /** Re-learn an alert that was firing before a restart, without notifying anyone. */
  restore?(change: AlertStateChange): void;
  start?(): void;
  stop?(): Promise<void> | void;
}

/** Common fields of every channel's config. */
export interface ChannelCommon {
  name: string;
  /** Only alerts with one of these severities go to this channel; absent: all. */
  severities?: string[];
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout, ms (default 10 s). */
  timeoutMs?: number;
}

export interface AlertmanagerChannelConfig extends ChannelCommon {
  kind: 'alertmanager';
  /** Base URL of Alertmanager, e.g. http://127.0.0.1:9093 (the notifier posts to /api/v2/alerts). */
  url: string;
  /** How often a firing alert is re-pushed, ms (default 60 s); endsAt = now + 4x this. */
  resendIntervalMs?: number;
  bearerToken?: string;
  basicAuth?: { username: string; password: string };
  /** The alert's generatorURL (a link back to the controller). */
  generatorUrl?: string;
}

export interface SlackChannelConfig extends ChannelCommon {
  kind: 'slack';
  /** Incoming webhook URL. */
  webhookUrl: string;
  /** Extra links shown under every message. */
  links?: { text: string; url: string }[];
}

export interface EmailChannelConfig extends ChannelCommon {
  kind: 'email';
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Refuse to send without STARTTLS. */
  requireTls?: boolean;
  auth?: { user: string; pass: string };
  from: string;
  to: string[];
  links?: { text: string; url: string }[];
}

export interface WebhookChannelConfig extends ChannelCommon {
  kind: 'webhook';
  url: string;
  bearerToken?: string;
  headers?: Record<string, string>;
}

export type ChannelConfig =
  | AlertmanagerChannelConfig
  | SlackChannelConfig
  | EmailChannelConfig
  | WebhookChannelConfig;

/** The `notifications` section of the controller config. */
export interface NotifyConfig {
  channels: ChannelConfig[];
  /** Bound of the dispatcher queue (default 10,000); when full the oldest entry is dead-lettered. */
  queueLimit?: number;
}

/** Self-metrics of one channel (monotonic counters). */
export interface ChannelCounters {
  sent: number;
  failed: number;
  retried: number;
  deadLettered: number;
  /** Not sent: filtered by severity or already delivered (history). */
  skipped: number;
}
