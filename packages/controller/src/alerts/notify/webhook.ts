import type { AlertStateChange } from '../state/types.js';
import { postJson } from './http-post.js';
import { statusOf } from './message.js';
import type { Notifier, WebhookChannelConfig } from './types.js';

/** The body of the generic webhook: the whole state change plus its notification status. */
export function webhookPayload(change: AlertStateChange): unknown {
  return { version: '1', status: statusOf(change).toLowerCase(), change };
}

export class WebhookNotifier implements Notifier {
  readonly kind = 'webhook' as const;
  readonly name: string;
  constructor(private readonly cfg: WebhookChannelConfig) {
    this.name = cfg.name;
  }

  async send(change: AlertStateChange): Promise<void> {
    const headers: Record<string, string> = { ...this.cfg.headers };
    if (this.cfg.bearerToken) headers.authorization = `Bearer ${this.cfg.bearerToken}`;
    await postJson(this.cfg.url, webhookPayload(change), {
      what: `webhook channel ${JSON.stringify(this.name)}`,
      headers,
      timeoutMs: this.cfg.timeoutMs,
    });
  }
}
