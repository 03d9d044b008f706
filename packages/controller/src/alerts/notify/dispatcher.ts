import type { AlertHistory } from '../history/store.js';
import type { DeadLetter } from '../history/types.js';
import type { AlertStateChange } from '../state/types.js';
import { retryPolicy } from './config.js';
import { createNotifier } from './create.js';
import { NotifyError } from './errors.js';
import { notifiable } from './message.js';
import { backoffDelay } from './retry.js';
import type { ChannelCounters, Notifier, NotifyConfig, RetryPolicy } from './types.js';

/** One channel as the dispatcher runs it. */
export interface DispatchChannel {
  notifier: Notifier;
  /** Only these severities; absent: all. */
  severities?: string[];
  retry?: Partial<RetryPolicy>;
}

export interface DispatcherOptions {
  channels: DispatchChannel[];
  history: AlertHistory;
  /** Bound of each channel's queue (default 10,000); when full the oldest entry is dead-lettered. */
  queueLimit?: number;
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Called when the history cannot be written (the delivery itself still goes on). */
  onError?: (err: Error) => void;
  random?: () => number;
  /**
   * On start, changes older than this (ms, default 24 h) are neither resent nor restored: an
   * alert the evaluator has not confirmed for that long is not pushed again.
   */
  resumeMaxAgeMs?: number;
  /**
   * On start, undelivered changes for which this answers true are not resent (e.g. alerts under a
   * silence that is still active); the caller notifies them itself once the suppression ends.
   */
  muteOnResume?: (change: AlertStateChange) => boolean;
  now?: () => number;
}

interface ChannelState {
  channel: DispatchChannel;
  policy: RetryPolicy;
  queue: AlertStateChange[];
  running: Promise<void> | undefined;
  counters: ChannelCounters;
}

/**
 * Fans alert state changes out to the notification channels. `enqueue` records the change in
 * the history (fsync'd) and returns at once: each channel has its own queue and worker, so a
 * slow or failing channel blocks neither the evaluator nor the other channels. Deliveries are
 * retried with exponential backoff and jitter, then dead-lettered; each delivered state is
 * recorded so that a restart sends nothing twice and resends what was not delivered.
 */
export class NotificationDispatcher {
  private readonly states: ChannelState[];
  private readonly history: AlertHistory;
  private readonly queueLimit: number;
  private readonly random: () => number;
  private running = false;
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  constructor(private readonly opts: DispatcherOptions) {
    const names = new Set<string>();
    for (const c of opts.channels) {
      if (names.has(c.notifier.name)) {
        throw new NotifyError(
          'invalid_config',
          `channel name ${JSON.stringify(c.notifier.name)} is used twice`,
          'channels',
        );
      }
      names.add(c.notifier.name);
    }
    this.history = opts.history;
    this.queueLimit = opts.queueLimit ?? 10_000;
    this.random = opts.random ?? Math.random;
    this.states = opts.channels.map((channel) => ({
      channel,
      policy: retryPolicy(channel.retry),
      queue: [],
      running: undefined,
      counters: { sent: 0, failed: 0, retried: 0, deadLettered: 0, skipped: 0 },
    }));
  }

  /** A dispatcher over the channels of a validated config. */
  static fromConfig(
    config: NotifyConfig,
    history: AlertHistory,
    extra: Omit<DispatcherOptions, 'channels' | 'history'> = {},
  ): NotificationDispatcher {
    return new NotificationDispatcher({
      ...extra,
      history,
      queueLimit: extra.queueLimit ?? config.queueLimit,
      channels: config.channels.map((c) => ({
        notifier: createNotifier(c),
        severities: c.severities,
        retry: c.retry,
      })),
    });
  }

  /** The channels' notifiers, by name. */
  notifier(name: string): Notifier | undefined {
    return this.states.find((s) => s.channel.notifier.name === name)?.channel.notifier;
  }

  /**
   * Starts the channels and resumes from the history: alerts still firing are restored into
   * the channels that re-push (Alertmanager), and changes never delivered are queued again.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const s of this.states) s.channel.notifier.start?.();
    const oldest = (this.opts.now ?? Date.now)() - (this.opts.resumeMaxAgeMs ?? 24 * 3600_000);
    const latest = this.history.latestChanges().sort((a, b) => a.at - b.at);
    for (const change of latest) {
      if (!notifiable(change) || change.at < oldest) continue;
      for (const s of this.states) {
        if (!this.accepts(s, change)) continue;
        if (this.history.isDelivered(change, s.channel.notifier.name)) s.channel.notifier.restore?.(change);
        else if (!this.opts.muteOnResume?.(change)) this.push(s, change);
      }
    }
    for (const s of this.states) this.kick(s);
  }

  /** Stops the workers (pending retries are abandoned: they are resent on the next start). */
  async stop(): Promise<void> {
    this.running = false;
    for (const s of [...this.sleeps]) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleeps.clear();
    await Promise.all(this.states.map((s) => s.running));
    await Promise.all(this.states.map((s) => s.channel.notifier.stop?.()));
  }

  private accepts(s: ChannelState, change: AlertStateChange): boolean {
    const sev = s.channel.severities;
    return sev === undefined || sev.includes(change.severity);
  }

  private push(s: ChannelState, change: AlertStateChange): void {
    s.queue.push(change);
    while (s.queue.length > this.queueLimit) {
      const dropped = s.queue.shift()!;
      this.deadLetter(s, dropped, 0, `queue full (${this.queueLimit} pending notifications)`);
    }
  }

  /**
   * Records a state change and queues its notifications; never waits for a channel. With
   * `recorded: true` the caller has already recorded the change (e.g. before enriching it).
   */
  enqueue(change: AlertStateChange, opts: { recorded?: boolean } = {}): void {
    if (!opts.recorded) {
      try {
        this.history.recordChange(change);
      } catch (err) {
        this.opts.onError?.(err as Error);
      }
    }
    if (!notifiable(change)) return;
    for (const s of this.states) {
      if (!this.accepts(s, change) || this.history.isDelivered(change, s.channel.notifier.name)) {
        s.counters.skipped++;
        continue;
      }
      this.push(s, change);
      this.kick(s);
    }
  }

  private kick(s: ChannelState): void {
    if (!this.running || s.running || s.queue.length === 0) return;
    s.running = this.work(s).finally(() => {
      s.running = undefined;
      this.kick(s);
    });
  }

  private async work(s: ChannelState): Promise<void> {
    while (this.running && s.queue.length > 0) {
      const change = s.queue[0]!;
      const done = await this.deliver(s, change);
      if (!done) return; // stopped mid-retry: leave it queued (and undelivered in the history)
      s.queue.shift();
    }
  }

  /** Delivers with retries; false when stopped before an outcome. */
  private async deliver(s: ChannelState, change: AlertStateChange): Promise<boolean> {
    const name = s.channel.notifier.name;
    if (this.history.isDelivered(change, name)) {
      s.counters.skipped++;
      return true;
    }
    let lastError = '';
    for (let attempt = 1; attempt <= s.policy.attempts; attempt++) {
      if (attempt > 1) {
        s.counters.retried++;
        await this.sleep(backoffDelay(s.policy, attempt - 1, this.random));
        if (!this.running) return false;
      }
      try {
        await s.channel.notifier.send(change);
        s.counters.sent++;
        try {
          this.history.recordDelivery(name, change, 'sent', attempt);
        } catch (err) {
          this.opts.onError?.(err as Error);
        }
        return true;
      } catch (err) {
        s.counters.failed++;
        lastError = err instanceof Error ? err.message : String(err);
        if (err instanceof NotifyError && !err.retryable) {
          this.deadLetter(s, change, attempt, lastError);
          return true;
        }
      }
    }
    this.deadLetter(s, change, s.policy.attempts, lastError);
    return true;
  }

  private deadLetter(s: ChannelState, change: AlertStateChange, attempts: number, error: string): void {
    s.counters.deadLettered++;
    try {
      const letter = this.history.recordDeadLetter(s.channel.notifier.name, change, attempts, error);
      this.opts.onDeadLetter?.(letter);
    } catch (err) {
      this.opts.onError?.(err as Error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }

  /** Resolves when every queue is empty and no delivery is in flight. */
  async idle(): Promise<void> {
    while (this.states.some((s) => s.running || (this.running && s.queue.length > 0))) {
      await Promise.all(this.states.map((s) => s.running));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Self-metrics: counters per channel plus the current queue length. */
  metrics(): Record<string, ChannelCounters & { queued: number }> {
    const out: Record<string, ChannelCounters & { queued: number }> = {};
    for (const s of this.states) out[s.channel.notifier.name] = { ...s.counters, queued: s.queue.length };
    return out;
  }
}
