import { createTransport, type Transporter } from 'nodemailer';
import type { AlertStateChange } from '../state/types.js';
import { NotifyError } from './errors.js';
import { buildMessage, escapeHtml } from './message.js';
import type { EmailChannelConfig, Notifier } from './types.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Subject, plain-text and HTML bodies of one alert mail; every value is HTML-escaped in `html`. */
export function emailContent(change: AlertStateChange, cfg: Pick<EmailChannelConfig, 'links'>): EmailContent {
  const m = buildMessage(change, cfg.links);
  const subject = `[${m.status}:${m.severity}] ${m.title}`.replace(/[\r\n]+/g, ' ');
  const rows: [string, string][] = [
    ['Severity', m.severity],
    ['Value', m.value],
    ['Band', m.band],
    ['Since', m.since ?? '–'],
  ];
  const text = [
    `${m.status}: ${m.title}`,
    '',
    ...(m.description ? [m.description, ''] : []),
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    'Labels:',
    ...m.labels.map(([k, v]) => `  ${k}=${v}`),
    ...(m.rootCauses.length ? ['', 'Root causes:', ...m.rootCauses.map((c) => `  - ${c}`)] : []),
    ...(m.links.length ? ['', ...m.links.map((l) => `${l.text}: ${l.url}`)] : []),
  ].join('\n');
  const e = escapeHtml;
  const html = [
    `<h2>${e(m.status)}: ${e(m.title)}</h2>`,
    m.description ? `<p>${e(m.description)}</p>` : '',
    `<table>${rows.map(([k, v]) => `<tr><th align="left">${e(k)}</th><td>${e(v)}</td></tr>`).join('')}</table>`,
    `<h3>Labels</h3><ul>${m.labels.map(([k, v]) => `<li><code>${e(k)}</code> = <code>${e(v)}</code></li>`).join('')}</ul>`,
    m.rootCauses.length
      ? `<h3>Root causes</h3><ul>${m.rootCauses.map((c) => `<li>${e(c)}</li>`).join('')}</ul>`
      : '',
    m.links.length
      ? `<p>${m.links.map((l) => `<a href="${e(l.url)}">${e(l.text)}</a>`).join(' · ')}</p>`
      : '',
  ].join('\n');
  return { subject, text, html };
}

export class EmailNotifier implements Notifier {
  readonly kind = 'email' as const;
  readonly name: string;
  private transport: Transporter | undefined;

  constructor(private readonly cfg: EmailChannelConfig) {
    this.name = cfg.name;
  }

  private transporter(): Transporter {
    this.transport ??= createTransport({
      host: this.cfg.host,
      port: this.cfg.port,
      secure: this.cfg.secure ?? false,
      requireTLS: this.cfg.requireTls ?? false,
      auth: this.cfg.auth,
      connectionTimeout: this.cfg.timeoutMs ?? 10_000,
      greetingTimeout: this.cfg.timeoutMs ?? 10_000,
      socketTimeout: this.cfg.timeoutMs ?? 10_000,
    });
    return this.transport;
  }

  async send(change: AlertStateChange): Promise<void> {
    const c = emailContent(change, this.cfg);
    try {
      await this.transporter().sendMail({ from: this.cfg.from, to: this.cfg.to, ...c });
    } catch (err) {
      const e = err as { message?: string; responseCode?: number };
      // SMTP 5xx is permanent (bad recipient, rejected); 4xx and connection errors may pass later.
      const retryable = !(typeof e.responseCode === 'number' && e.responseCode >= 500);
      throw new NotifyError(
        'delivery_failed',
        `email channel ${JSON.stringify(this.name)}: ${this.cfg.host}:${this.cfg.port}: ${e.message ?? String(err)}`,
        undefined,
        retryable,
      );
    }
  }

  stop(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
