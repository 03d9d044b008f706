import { AlertmanagerNotifier } from './alertmanager.js';
import { EmailNotifier } from './email.js';
import { SlackNotifier } from './slack.js';
import type { ChannelConfig, Notifier } from './types.js';
import { WebhookNotifier } from './webhook.js';

/** The notifier of one validated channel config. */
export function createNotifier(cfg: ChannelConfig): Notifier {
  switch (cfg.kind) {
    case 'alertmanager':
      return new AlertmanagerNotifier(cfg);
    case 'slack':
      return new SlackNotifier(cfg);
    case 'email':
      return new EmailNotifier(cfg);
    case 'webhook':
      return new WebhookNotifier(cfg);
  }
}
