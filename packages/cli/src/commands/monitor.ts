import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

interface StartOptions {
  collectors?: string;
  interval: string;
  storage: string;
  prometheusUrl?: string;
  targets?: string;
  data: string;
  rules: string[];
  defaultRules: boolean;
  optimization: string;
  alerting?: string;
  notifications?: string;
  inhibitRules?: string;
  host: string;
  port: string;
  token?: string;
  controlToken?: string;
  controlHosts?: string;
  verificationDelay: string;
  auth: boolean;
  demoFaultsUrl?: string;
  demoControlToken?: string;
  liveInterval: string;
}

const COLLECTORS = ['system', 'swarm', 'neural', 'api', 'memory'];

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new CliError(`--${flag} ${JSON.stringify(text)}: give an integer from ${min} to ${max}`, 2);
  return n;
}

function choice(flag: string, text: string, allowed: string[]): string {
  if (!allowed.includes(text))
    throw new CliError(`--${flag} ${JSON.stringify(text)}: use one of ${allowed.join(', ')}`, 2);
  return text;
}

function readNotifications(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    const doc = JSON.parse(text) as Record<string, unknown> | null;
    return doc && typeof doc === 'object' && 'notifications' in doc ? doc.notifications : doc;
  } catch (e) {
    throw new CliError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

/** `claude-zen monitor start`. */
export function registerMonitorCommands(program: Command): void {
  const monitor = program
    .command('monitor')
    .description('the controller: rules, alerts and safe auto-optimization');

  monitor
    .command('start')
    .description(
      'run the controller until Ctrl-C: scrape targets into the embedded store (or read a Prometheus API), evaluate the rules, notify, optimize; HTTP API, live feed (Socket.IO) and dashboard on 127.0.0.1 (/dashboard, /api/openapi.json, /healthz, /metrics); SIGHUP reloads the rules',
    )
    .option(
      '--collectors <list>',
      `collectors the monitored processes run (${COLLECTORS.join(',')}); informative: the @claude-zen/otel preload collects in each process`,
    )
    .option('--interval <ms>', 'scrape interval of the embedded store, ms', '1000')
    .option('--storage <kind>', 'embedded | prometheus', 'embedded')
    .option('--prometheus-url <url>', 'Prometheus-compatible API to read (with --storage prometheus)')
    .option('--targets <list>', 'host:port of /metrics endpoints to scrape, comma-separated (embedded store)')
    .option('--data <dir>', 'data folder: store, alert history, optimizer audit log', 'claude-zen-data')
    .option(
      '--rules <file>',
      'extra rule file (repeatable); rules named like a default one replace it',
      collect,
      [],
    )
    .option('--no-default-rules', 'do not load the default rule set')
    .option('--alerting <mode>', 'accepted for the seed (intelligent); alerting is always on')
    .option('--notifications <file>', 'notification channels, JSON: { "channels": [...] }')
    .option(
      '--inhibit-rules <file>',
      "inhibition rules in Alertmanager's format (YAML: an alertmanager.yml or a list); default: critical hides warning of the same job and instance",
    )
    .option('--optimization <mode>', 'automatic | recommend | off', 'recommend')
    .option('--verification-delay <ms>', 'wait between applying a change and verifying it, ms', '10000')
    .option('--host <host>', 'HTTP API address', '127.0.0.1')
    .option('--port <port>', 'HTTP API port', '3456')
    .option(
      '--token <token>',
      'bearer token of POST /webhooks/alertmanager and POST /-/reload (env CLAUDE_ZEN_TOKEN)',
    )
    .option(
      '--control-token <token>',
      "token of the targets' control endpoints (env CLAUDE_ZEN_CONTROL_TOKEN)",
    )
    .option(
      '--control-hosts <list>',
      'hosts a control URL found in target_info may point at, comma-separated (default: loopback only)',
    )
    .option('--no-auth', 'endpoints that change something need no token (only with a loopback --host)')
    .option(
      '--live-interval <ms>',
      "period of the dashboard's live updates (Socket.IO metrics:update), ms",
      '1000',
    )
    .option(
      '--demo-faults-url <url>',
      "the demo service's URL, whose /faults the dashboard's fault buttons switch",
    )
    .option(
      '--demo-control-token <token>',
      "bearer token of the demo service's fault endpoint (env CLAUDE_ZEN_CONTROL_TOKEN)",
    )
    .action(async (opts: StartOptions) => {
      const storage = choice('storage', opts.storage, ['embedded', 'prometheus']) as
        | 'embedded'
        | 'prometheus';
      const mode = choice('optimization', opts.optimization, ['automatic', 'recommend', 'off']) as
        | 'automatic'
        | 'recommend'
        | 'off';
      if (opts.collectors) {
        for (const c of opts.collectors.split(',')) choice('collectors', c.trim(), COLLECTORS);
      }
      if (storage === 'prometheus' && !opts.prometheusUrl)
        throw new CliError('--storage prometheus needs --prometheus-url http://host:9090', 2);
      const targets = (opts.targets ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const token = opts.token ?? process.env.CLAUDE_ZEN_TOKEN;
      const controlToken = opts.controlToken ?? process.env.CLAUDE_ZEN_CONTROL_TOKEN;
      const notifications = opts.notifications ? readNotifications(opts.notifications) : undefined;
      const { ControllerService, MonitorError, SilenceError, loadInhibitRulesFile } = await import(
        '@claude-zen/controller'
      );
      let inhibitRules: unknown;
      try {
        inhibitRules = opts.inhibitRules ? loadInhibitRulesFile(opts.inhibitRules) : undefined;
      } catch (e) {
        throw e instanceof SilenceError ? new CliError(e.message, 2) : e;
      }
      const log = (line: string) => process.stderr.write(`${line}\n`);
      let service: InstanceType<typeof ControllerService>;
      try {
        service = new ControllerService({
          storage,
          prometheusUrl: opts.prometheusUrl,
          dataDir: opts.data,
          scrapeTargets: targets,
          scrapeIntervalMs: integer('interval', opts.interval, 100, 3_600_000),
          ruleFiles: opts.rules,
          defaultRules: opts.defaultRules,
          notifications,
          inhibitRules,
          optimization: {
            mode,
            tokens: controlToken ? { default: controlToken } : {},
            controlHosts: opts.controlHosts
              ?.split(',')
              .map((h) => h.trim())
              .filter(Boolean),
            verificationDelayMs: integer('verification-delay', opts.verificationDelay, 1),
          },
          http: {
            host: opts.host,
            port: integer('port', opts.port, 0, 65535),
            token,
            auth: opts.auth,
            liveIntervalMs: integer('live-interval', opts.liveInterval, 50, 3_600_000),
          },
          demo: opts.demoFaultsUrl
            ? {
                faultsUrl: opts.demoFaultsUrl,
                token: opts.demoControlToken ?? process.env.CLAUDE_ZEN_CONTROL_TOKEN,
              }
            : undefined,
          reloadOnSighup: true,
          log,
        });
      } catch (e) {
        throw e instanceof MonitorError ? new CliError(e.message, 2) : e;
      }
      service.on('alert', (a: { rule: string; to: string; severity: string; title: string }) =>
        log(`alert ${a.rule} → ${a.to} (${a.severity}): ${a.title}`),
      );
      service.on(
        'decision',
        (d: { decision: string; strategy: string; target: string; action?: string; reason?: string }) =>
          log(
            `optimizer ${d.decision} ${d.strategy} on ${d.target}${d.action ? ` (${d.action})` : ''}${d.reason ? `: ${d.reason}` : ''}`,
          ),
      );
      try {
        await service.start();
      } catch (e) {
        throw e instanceof MonitorError ? new CliError(e.message) : e;
      }
      const source =
        storage === 'prometheus'
          ? opts.prometheusUrl
          : `the embedded store in ${opts.data}${targets.length ? `, scraping ${targets.join(', ')}` : ''}`;
      process.stdout.write(
        `claude-zen monitor: ${service.rules.rules().length} rules over ${source}; optimization ${mode}; API on ${service.url ?? '(off)'}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          log('stopping…');
          void service.stop().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
