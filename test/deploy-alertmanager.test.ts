/**
 * deploy/alertmanager/alertmanager.yml in a real Alertmanager: only the addresses (the compose host
 * names, the SMTP relay) and the secret file paths are rewritten to local ones, and TLS is off for
 * the local SMTP server. Alerts posted to it reach the real controller's webhook (bearer token read
 * from the credentials file), Slack-compatible and SMTP servers on 127.0.0.1, routed by severity,
 * with a critical alert inhibiting the warning of the same target.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { findBinary } from './support/binaries.js';
import { freePort } from './support/ports.js';
import { type Child, startChild } from './support/processes.js';
import { fetchText, waitFor } from './support/wait.js';

const root = join(__dirname, '..');
const CLI = join(root, 'packages/cli/dist/bin.js');
const binary = findBinary('prometheus-alertmanager', 'alertmanager');
const TOKEN = 'deploy-alertmanager-test-token-0123456789';
const SMTP_PASSWORD = 'smtp-password-from-a-file';

const dir = mkdtempSync(join(tmpdir(), 'czm-deploy-am-'));
const children: Child[] = [];
let slack: Server | undefined;
let smtp: SMTPServer | undefined;
afterAll(async () => {
  for (const c of children.reverse()) await c.stop('SIGKILL');
  await new Promise<void>((r) => (slack ? slack.close(() => r()) : r()));
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!binary)('alertmanager.yml in a real Alertmanager', () => {
  it('routes by severity to the controller, Slack and email, with the bearer token from its file', async () => {
    const slackMessages: { channel: string; body: string }[] = [];
    slack = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        slackMessages.push({ channel: JSON.parse(body).channel, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => slack!.listen(0, '127.0.0.1', r));
    const mails: { to: string[]; raw: string; user?: string; password?: string }[] = [];
    let auth: { user?: string; password?: string } = {};
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      onAuth(a, _session, callback) {
        auth = { user: a.username, password: a.password ?? undefined };
        if (a.password !== SMTP_PASSWORD) return callback(new Error('wrong password'));
        callback(null, { user: a.username });
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (d) => {
          raw += d;
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, ...auth });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp!.listen(0, '127.0.0.1', () => r()));

    const [amPort, controllerPort] = [await freePort(), await freePort()];
    const slackPort = (slack.address() as AddressInfo).port;
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    writeFileSync(join(dir, 'controller_token'), TOKEN);
    writeFileSync(join(dir, 'slack_webhook_url'), `http://127.0.0.1:${slackPort}/services/T0/B0/X`);
    writeFileSync(join(dir, 'smtp_password'), SMTP_PASSWORD);
    const original = readFileSync(join(root, 'deploy/alertmanager/alertmanager.yml'), 'utf8');
    const config = original
      .replaceAll('http://swarm-demo:3456', `http://127.0.0.1:${controllerPort}`)
      .replaceAll('/run/secrets/', `${dir}/`)
      .replace('smtp.example.com:587', `127.0.0.1:${smtpPort}`)
      .replace('smtp_require_tls: true', 'smtp_require_tls: false');
    expect(config).not.toBe(original);
    writeFileSync(join(dir, 'alertmanager.yml'), config);

    const controller = startChild(
      process.execPath,
      [
        CLI,
        'monitor',
        'start',
        '--port',
        String(controllerPort),
        '--token',
        TOKEN,
        '--no-default-rules',
        '--optimization',
        'off',
        '--data',
        join(dir, 'controller'),
      ],
      { cwd: root },
    );
    children.push(controller);
    const am = startChild(binary!, [
      `--config.file=${join(dir, 'alertmanager.yml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${amPort}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ]);
    children.push(am);
    const amUrl = `http://127.0.0.1:${amPort}`;
    await waitFor(`alertmanager ready (${am.output()})`, () => fetchText(`${amUrl}/-/ready`), 15_000);
    await waitFor(`the controller (${controller.output()})`, () =>
      fetchText(`http://127.0.0.1:${controllerPort}/healthz`).catch(() => undefined),
    );

    const alert = (severity: string, instance: string) => ({
      labels: { alertname: 'DeployRouting', severity, job: 'swarm-demo', instance },
      annotations: { summary: `${severity} on ${instance}` },
      startsAt: new Date().toISOString(),
    });
    const posted = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert('critical', 'a:9464'),
        alert('warning', 'a:9464'), // inhibited by the critical one of the same target
        alert('warning', 'b:9464'),
        alert('info', 'c:9464'),
      ]),
    });
    expect(posted.status).toBe(200);

    // Slack: critical to #alerts, warning to #performance (after the 10 s group_wait)
    const messages = await waitFor(
      'Slack messages for the critical and the warning',
      () => {
        const alerts = slackMessages.filter((m) => m.channel === '#alerts');
        const perf = slackMessages.filter((m) => m.channel === '#performance');
        return alerts.length && perf.length ? { alerts, perf } : undefined;
      },
      30_000,
      200,
    );
    expect(messages.alerts[0].body).toContain('critical on a:9464');
    expect(messages.perf[0].body).toContain('warning on b:9464');
    expect(slackMessages.map((m) => m.body).join('\n')).not.toContain('warning on a:9464');
    expect(slackMessages.map((m) => m.body).join('\n')).not.toContain('info on c:9464');

    // email: both severities to ops@example.com, authenticated with the password from its file
    const sent = await waitFor('two mails', () => (mails.length >= 2 ? mails : undefined), 15_000, 200);
    for (const m of sent) {
      expect(m.to).toEqual(['ops@example.com']);
      expect(m.password).toBe(SMTP_PASSWORD);
      expect(m.user).toBe('claude-zen-alerts@example.com');
    }

    // the controller's webhook took the alerts, its bearer token read from the credentials file
    const received = await waitFor(
      'the controller to count the webhook alerts',
      async () => {
        const text = (await fetchText(`http://127.0.0.1:${controllerPort}/metrics`)) ?? '';
        const n = Number(
          /claude_zen_controller_webhook_alerts_total\{status="firing"\} (\d+)/.exec(text)?.[1] ?? 0,
        );
        return n >= 3 ? n : undefined;
      },
      20_000,
      200,
    );
    // critical, warning b and info (a retry under load may deliver one twice; the inhibited warning is checked on Slack)
    expect(received).toBeGreaterThanOrEqual(3);
  }, 90_000);
});
