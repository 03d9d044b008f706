import { MonitorError } from './errors.js';

/** A notification target as the seed's IntelligentAlertManager writes it. */
export interface SeedNotification {
  type: 'slack' | 'email' | 'webhook' | 'alertmanager';
  /** slack: the incoming webhook URL (often `process.env.SLACK_WEBHOOK`). */
  webhook?: string;
  /** slack: informative only; an incoming webhook posts to the channel it was made for. */
  channels?: string[];
  /** email: addresses. */
  recipients?: string[];
  /** Only these severities (e.g. ['critical', 'warning']). */
  severity?: string[];
  /** webhook / alertmanager: the URL. */
  url?: string;
  /** email: the SMTP server; default from CLAUDE_ZEN_SMTP_URL (smtp://user:pass@host:port?from=a@b). */
  smtp?: {
    host: string;
    port: number;
    secure?: boolean;
    from: string;
    auth?: { user: string; pass: string };
  };
}

/**
 * Translates the seed's notification list into the dispatcher's `notifications` config. A channel
 * that cannot work as written (a Slack webhook left unset, email without an SMTP server) is left
 * out and reported in `problems`, naming the field and the fix, so the rest still runs.
 */
export function notificationsFromSeed(
  list: readonly SeedNotification[],
  env: NodeJS.ProcessEnv = process.env,
): { config: { channels: Record<string, unknown>[] }; problems: string[] } {
  if (!Array.isArray(list))
    throw new MonitorError('invalid_config', 'must be a list of channels', 'notifications');
  const channels: Record<string, unknown>[] = [];
  const problems: string[] = [];
  list.forEach((n, i) => {
    const field = `notifications[${i}]`;
    const common = { name: `${n.type}-${i}`, ...(n.severity ? { severities: n.severity } : {}) };
    switch (n.type) {
      case 'slack':
        if (!n.webhook) {
          problems.push(`${field}.webhook: not set (is SLACK_WEBHOOK empty?); the Slack channel is left out`);
          return;
        }
        channels.push({ ...common, kind: 'slack', webhookUrl: n.webhook });
        return;
      case 'email': {
        const smtp = n.smtp ?? smtpFromEnv(env.CLAUDE_ZEN_SMTP_URL);
        if (!smtp) {
          problems.push(
            `${field}.smtp: no SMTP server (set smtp: { host, port, from } or CLAUDE_ZEN_SMTP_URL=smtp://host:port?from=a@b); the email channel is left out`,
          );
          return;
        }
        if (!n.recipients?.length)
          throw new MonitorError('invalid_config', 'must list at least one address', `${field}.recipients`);
        channels.push({ ...common, kind: 'email', ...smtp, to: n.recipients });
        return;
      }
      case 'webhook':
      case 'alertmanager':
        if (!n.url)
          throw new MonitorError('invalid_config', 'is required (http://host:port/...)', `${field}.url`);
        channels.push({ ...common, kind: n.type, url: n.url });
        return;
      default:
        throw new MonitorError(
          'invalid_config',
          `must be slack, email, webhook or alertmanager (got ${JSON.stringify((n as { type: unknown }).type)})`,
          `${field}.type`,
        );
    }
  });
  return { config: { channels }, problems };
}

function smtpFromEnv(raw: string | undefined): SeedNotification['smtp'] | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new MonitorError(
      'invalid_config',
      `${JSON.stringify(raw)} is not a URL like smtp://host:587?from=a@b`,
      'CLAUDE_ZEN_SMTP_URL',
    );
  }
  const from = u.searchParams.get('from');
  if (!from) throw new MonitorError('invalid_config', 'needs ?from=address', 'CLAUDE_ZEN_SMTP_URL');
  return {
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'smtps:' ? 465 : 587)),
    secure: u.protocol === 'smtps:',
    from,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
  };
}
