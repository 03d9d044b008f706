import type { AlertStateChange } from '../state/types.js';
import { postJson } from './http-post.js';
import { buildMessage } from './message.js';
import type { Notifier, SlackChannelConfig } from './types.js';

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
function mrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `{ text, blocks }` body posted to a Slack incoming webhook. */
export function slackPayload(change: AlertStateChange, cfg: Pick<SlackChannelConfig, 'links'>): unknown {
  const m = buildMessage(change, cfg.links);
  const icon =
    m.status === 'FIRING' ? (m.severity === 'critical' ? ':red_circle:' : ':warning:') : ':white_check_mark:';
  const text = `[${m.status}:${m.severity}] ${m.title} — value ${m.value}, band ${m.band}`;
  const fields = [
    `*Severity*\n${mrkdwn(m.severity)}`,
    `*Value*\n${m.value}`,
    `*Band*\n${mrkdwn(m.band)}`,
    `*Since*\n${m.since ?? '–'}`,
  ].map((t) => ({ type: 'mrkdwn', text: t }));
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${m.status}: ${m.title}`.slice(0, 150) } },
    { type: 'section', fields },
  ];
  if (m.description) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(m.description) } });
  if (m.rootCauses.length > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Root causes*\n${m.rootCauses.map((c) => `• ${mrkdwn(c)}`).join('\n')}`,
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: m.labels.map(([k, v]) => `${mrkdwn(k)}=\`${mrkdwn(v)}\``).join(' ') || '–' },
    ],
  });
  if (m.links.length > 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: m.links.map((l) => `<${l.url}|${mrkdwn(l.text)}>`).join(' · ') },
    });
  }
  return { text: `${icon} ${text}`, blocks };
}

export class SlackNotifier implements Notifier {
  readonly kind = 'slack' as const;
  readonly name: string;
  constructor(private readonly cfg: SlackChannelConfig) {
    this.name = cfg.name;
  }

  async send(change: AlertStateChange): Promise<void> {
    await postJson(this.cfg.webhookUrl, slackPayload(change, this.cfg), {
      what: `slack channel ${JSON.stringify(this.name)}`,
      timeoutMs: this.cfg.timeoutMs,
    });
  }
}
