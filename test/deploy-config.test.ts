// biome-ignore-all lint/suspicious/noExplicitAny: parsed YAML documents are walked by key
/**
 * The deployment files: docker-compose.yml, otel-collector-config.yaml, deploy/prometheus and
 * deploy/alertmanager. They parse, reference only what they define, use the ports the services
 * really listen on, keep secrets out of the files, and pass the real `promtool check config` and
 * `amtool check-config`. (No collector binary or Docker engine runs here.)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_VARS } from '../packages/otel/src/config/schema.js';
import { findBinary } from './support/binaries.js';

const root = join(__dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const yaml = (p: string) => parse(read(p)) as Record<string, any>;

const compose = yaml('docker-compose.yml');
const collector = yaml('otel-collector-config.yaml');
const prometheus = yaml('deploy/prometheus/prometheus.yml');
const alertmanager = yaml('deploy/alertmanager/alertmanager.yml');
const services = compose.services as Record<string, any>;

const envDefault = (name: string) => ENV_VARS.find((v) => v.name === name)?.default;

/** host:port → [host, port]. */
function hostPort(target: string): [string, number] {
  const i = target.lastIndexOf(':');
  return [target.slice(0, i), Number(target.slice(i + 1))];
}

/** Container ports a compose service publishes. */
function containerPorts(service: any): number[] {
  return (service.ports ?? []).map((p: string) => Number(String(p).split(':').at(-1)));
}

/** The compose service reachable under a host name (network_mode: service:x shares x's name). */
function serviceByHost(host: string): [string, any] | undefined {
  const s = services[host];
  return s ? [host, s] : undefined;
}

/** Ports each service listens on, from its own configuration (not from compose's port list). */
function listening(): Record<string, number[]> {
  const flag = (cmd: string[], name: string) => cmd.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const demo = services['swarm-demo'].environment;
  const ctl = services.controller.command as string[];
  const receivers = collector.receivers.otlp.protocols;
  return {
    prometheus: [hostPort(flag(services.prometheus.command, 'web.listen-address')!)[1]],
    alertmanager: [hostPort(flag(services.alertmanager.command, 'web.listen-address')!)[1]],
    grafana: [Number(services.grafana.environment.GF_SERVER_HTTP_PORT)],
    'swarm-demo': [
      Number(demo.PORT),
      Number(demo.OTEL_EXPORTER_PROMETHEUS_PORT),
      Number(demo.CLAUDE_ZEN_CONTROL_PORT),
      // the controller sidecar shares swarm-demo's network namespace
      Number(ctl[ctl.indexOf('--port') + 1]),
    ],
    collector: [
      hostPort(receivers.grpc.endpoint)[1],
      hostPort(receivers.http.endpoint)[1],
      hostPort(collector.exporters.prometheus.endpoint)[1],
      hostPort(collector.extensions.health_check.endpoint)[1],
      hostPort(collector.extensions.zpages.endpoint)[1],
      collector.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port,
    ],
  };
}

describe('docker-compose.yml', () => {
  it('has the collector, Prometheus, Alertmanager, Grafana, the controller and the demo service', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['alertmanager', 'collector', 'controller', 'grafana', 'prometheus', 'swarm-demo'].sort(),
    );
    expect(services.collector.image).toMatch(/^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/);
    expect(services.prometheus.command).toContain('--web.enable-remote-write-receiver');
    const ctl = services.controller.command as string[];
    expect(ctl.slice(1, 4)).toEqual(['packages/cli/dist/bin.js', 'monitor', 'start']);
    expect(ctl[ctl.indexOf('--storage') + 1]).toBe('prometheus');
    const promUrl = new URL(ctl[ctl.indexOf('--prometheus-url') + 1]);
    expect(promUrl.hostname).toBe('prometheus');
    expect(listening().prometheus).toContain(Number(promUrl.port));
  });

  it('pins every image to a version, and builds the local one from files that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, name).toMatch(/:[\w.-]+$/);
      expect(s.image, name).not.toMatch(/:latest$/);
      if (s.build) expect(existsSync(join(root, s.build.context, s.build.dockerfile)), name).toBe(true);
    }
    const df = read('deploy/Dockerfile');
    for (const copied of df.matchAll(/^COPY (?!--from)(.+) \S+$/gm))
      for (const p of copied[1].split(' ')) expect(existsSync(join(root, p)), p).toBe(true);
    const ctl = services.controller.command as string[];
    expect(existsSync(join(root, ctl[1]))).toBe(true);
    const demo = services['swarm-demo'].command as string[];
    expect(existsSync(join(root, demo.at(-1)!))).toBe(true);
  });

  it('references only defined services, volumes, secrets and files', () => {
    const volumes = Object.keys(compose.volumes);
    const secrets = Object.keys(compose.secrets);
    const usedVolumes = new Set<string>();
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {}))
        expect(Object.keys(services), `${name}→${dep}`).toContain(dep);
      const shared = /^service:(.+)$/.exec(s.network_mode ?? '');
      if (shared) {
        expect(Object.keys(services)).toContain(shared[1]);
        expect(s.ports, `${name} shares a network namespace: its ports go on ${shared[1]}`).toBeUndefined();
      }
      for (const v of s.volumes ?? []) {
        const src = String(v).split(':')[0];
        if (src.startsWith('.')) expect(existsSync(join(root, src)), `${name}: ${src}`).toBe(true);
        else {
          expect(volumes, `${name}: volume ${src}`).toContain(src);
          usedVolumes.add(src);
        }
      }
      for (const sec of s.secrets ?? []) expect(secrets, `${name}: secret ${sec}`).toContain(sec);
    }
    expect([...usedVolumes].sort()).toEqual([...volumes].sort());
    expect(volumes.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps secrets out of the file: each comes from .env by name, and .env.example lists them all', () => {
    const text = read('docker-compose.yml');
    const code = text.split('\n').filter((l) => !l.trim().startsWith('#'));
    // a secret-looking variable is only ever set from ${VAR} (interpolated from .env), never a literal
    const assignments = code.filter((l) =>
      /^\s*[A-Z0-9_]*(TOKEN|PASSWORD|SECRET|WEBHOOK)[A-Z0-9_]*\s*:/.test(l),
    );
    expect(assignments.length).toBeGreaterThanOrEqual(4);
    for (const l of assignments) expect(l, l).toMatch(/^\s*([A-Z0-9_]+):\s*\$\{\1:\?[^}]*\}(\s*#.*)?$/);
    expect(code.filter((l) => /--(control-)?token\b/.test(l))).toEqual([]);
    expect(code.filter((l) => /env_file/.test(l))).toEqual([]); // no container gets more of .env than it needs
    const example = Object.fromEntries(
      read('.env.example')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const needed = new Set<string>(Object.values(compose.secrets).map((s: any) => s.environment));
    for (const m of code.join('\n').matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)) needed.add(m[1]);
    expect([...needed].sort()).toEqual(Object.keys(example).sort());
    expect(read('.gitignore').split('\n')).toContain('.env');
    // the preload's own variables in compose are real ones (a typo would be silently ignored)
    const known = new Set(ENV_VARS.map((v) => v.name));
    const serviceConfig = read('examples/swarm-service/src/config.ts');
    for (const k of Object.keys(services['swarm-demo'].environment))
      if (/^(OTEL|CLAUDE_ZEN)_/.test(k)) expect(known, k).toContain(k);
      else expect(serviceConfig, `the demo service reads ${k}`).toMatch(new RegExp(`env\\.${k}\\b|'${k}'`));
    // the controller gets its webhook token and the targets' control token, the demo only its own
    expect(Object.keys(services.controller.environment).sort()).toEqual([
      'CLAUDE_ZEN_CONTROL_TOKEN',
      'CLAUDE_ZEN_TOKEN',
    ]);
    expect(services['swarm-demo'].environment.CLAUDE_ZEN_TOKEN).toBeUndefined();
  });

  it('publishes and probes the ports the services listen on', () => {
    const ports = listening();
    for (const [name, s] of Object.entries(services)) {
      for (const p of containerPorts(s)) expect(ports[name], `${name} publishes ${p}`).toContain(p);
      const probe = JSON.stringify(s.healthcheck?.test ?? '');
      for (const m of probe.matchAll(/127\.0\.0\.1:(\d+)/g)) {
        const owner = s.network_mode ? s.network_mode.replace('service:', '') : name;
        expect(ports[owner], `${name} healthcheck port ${m[1]}`).toContain(Number(m[1]));
      }
      if (name !== 'collector') expect(s.healthcheck, `${name} has a healthcheck`).toBeDefined();
    }
    // the demo's metrics port is the preload's default, and the control endpoint stays on loopback
    const demo = services['swarm-demo'].environment;
    expect(demo.OTEL_EXPORTER_PROMETHEUS_PORT).toBe(envDefault('OTEL_EXPORTER_PROMETHEUS_PORT'));
    expect(demo.CLAUDE_ZEN_CONTROL_PORT).toBe(envDefault('CLAUDE_ZEN_CONTROL_PORT'));
    expect(demo.CLAUDE_ZEN_CONTROL_HOST).toBe('127.0.0.1');
    expect(demo.OTEL_EXPORTER_PROMETHEUS_HOST).toBe('0.0.0.0');
  });
});

describe('otel-collector-config.yaml', () => {
  it('wires only defined components into its pipelines', () => {
    const { pipelines, extensions } = collector.service;
    for (const ext of extensions) expect(Object.keys(collector.extensions), ext).toContain(ext);
    expect(Object.keys(pipelines)).toContain('metrics');
    for (const [pipeline, p] of Object.entries(pipelines as Record<string, any>)) {
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        expect(p[kind]?.length, `${pipeline} ${kind}`).toBeGreaterThan(0);
        for (const c of p[kind])
          expect(Object.keys(collector[kind]), `${pipeline}: ${kind} ${c}`).toContain(c);
      }
    }
    // every defined component is used
    const used = (kind: string) =>
      new Set(Object.values(pipelines as Record<string, any>).flatMap((p) => p[kind]));
    for (const kind of ['receivers', 'processors', 'exporters'])
      for (const c of Object.keys(collector[kind]))
        expect(used(kind).has(c), `${kind} ${c} unused`).toBe(true);
  });

  it('has the receivers, processors and exporters of the design, in a safe order', () => {
    const metrics = collector.service.pipelines.metrics;
    expect(metrics.receivers).toEqual(['otlp', 'prometheus']);
    expect(metrics.processors[0]).toBe('memory_limiter');
    expect(metrics.processors.at(-1)).toBe('batch');
    expect(metrics.processors).toEqual(expect.arrayContaining(['resource_detection', 'transform']));
    expect(metrics.exporters).toEqual(['prometheus_remote_write', 'prometheus']);
    expect(collector.extensions.health_check).toBeDefined();
    expect(collector.service.extensions).toEqual(['health_check', 'zpages']);
    expect(collector.service.telemetry.metrics.readers.length).toBe(1);
  });

  it('translates names like the preload (suffixes on, scope labels off) on both exporters', () => {
    const { prometheus_remote_write: prw, prometheus: pull } = collector.exporters;
    expect(prw.translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
    expect(pull.translation_strategy).toBe('UnderscoreEscapingWithSuffixes');
    expect(prw.disable_scope_info).toBe(true);
    expect(pull.without_scope_info).toBe(true);
    // resource attributes stay in target_info (the preload's own endpoint does the same)
    expect(prw.resource_to_telemetry_conversion.enabled).toBe(false);
    expect(pull.resource_to_telemetry_conversion.enabled).toBe(false);
    expect(prw.target_info.enabled).toBe(true);
  });

  it('normalizes swarm/neural attributes and drops high-cardinality ones without renaming metrics', () => {
    const statements: string[] = collector.processors.transform.metric_statements.flatMap(
      (g: { statements: string[] }) => g.statements,
    );
    expect(statements.some((s) => s.includes('"claude_zen.swarm.id"'))).toBe(true);
    expect(statements.some((s) => s.includes('"claude_zen.neural.backend"'))).toBe(true);
    expect(statements.some((s) => s.startsWith('delete_matching_keys'))).toBe(true);
    // names stay as the exporters translate them: no statement touches a metric's name or unit
    expect(statements.filter((s) => /\b(name|unit)\b\s*,/.test(s))).toEqual([]);
    // the catalogue's swarm/neural labels are never deleted
    const deleted = statements
      .map((s) => /^delete_key\(attributes, "([^"]+)"\)/.exec(s)?.[1])
      .filter((k): k is string => k !== undefined);
    const pattern = statements
      .map((s) => /^delete_matching_keys\(attributes, "(.+)"\)$/.exec(s)?.[1])
      .find((p) => p !== undefined)!;
    const re = new RegExp(pattern.replace(/\\\\/g, '\\'));
    for (const kept of [
      'claude_zen.swarm.id',
      'claude_zen.swarm.topology',
      'claude_zen.agent.role',
      'claude_zen.agent.status',
      'claude_zen.task.type',
      'claude_zen.task.status',
      'claude_zen.neural.backend',
      'gen_ai.request.model',
      'gen_ai.operation.name',
      'http.route',
      'http.request.method',
      'http.response.status_code',
    ]) {
      expect(deleted, kept).not.toContain(kept);
      expect(re.test(kept), kept).toBe(false);
    }
    expect(re.test('claude_zen.task.id')).toBe(true);
    expect(re.test('agent.id')).toBe(true);
  });

  it('scrapes the demo service on the preload port and writes to the Prometheus of compose', () => {
    const jobs = collector.receivers.prometheus.config.scrape_configs;
    const targets: string[] = jobs.flatMap((j: any) => j.static_configs.flatMap((s: any) => s.targets));
    expect(targets.length).toBeGreaterThan(0);
    const ports = listening();
    for (const t of targets) {
      const [host, port] = hostPort(t);
      expect(serviceByHost(host), t).toBeDefined();
      expect(ports[host], t).toContain(port);
    }
    expect(targets).toContain(`swarm-demo:${envDefault('OTEL_EXPORTER_PROMETHEUS_PORT')}`);
    const prw = new URL(collector.exporters.prometheus_remote_write.endpoint);
    expect(prw.pathname).toBe('/api/v1/write');
    expect(ports[prw.hostname]).toContain(Number(prw.port));
    // OTLP on the standard ports
    expect(hostPort(collector.receivers.otlp.protocols.grpc.endpoint)[1]).toBe(4317);
    expect(hostPort(collector.receivers.otlp.protocols.http.endpoint)[1]).toBe(4318);
    // ${...} and $NAME would be expanded by the collector from its environment: none in the file
    expect(read('otel-collector-config.yaml').replace(/\$\$/g, '')).not.toMatch(/\$[{A-Za-z_]/);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  it('scrapes the controller, the collector and Alertmanager on their real ports, and alerts to Alertmanager', () => {
    const ports = listening();
    const jobs = prometheus.scrape_configs as any[];
    const targetsOf = (name: string): string[] =>
      jobs.find((j) => j.job_name === name)?.static_configs.flatMap((s: any) => s.targets) ?? [];
    for (const name of ['claude-zen-controller', 'otel-collector', 'alertmanager']) {
      const ts = targetsOf(name);
      expect(ts.length, name).toBeGreaterThan(0);
      for (const t of ts) {
        const [host, port] = hostPort(t);
        expect(ports[host], `${name}: ${t}`).toContain(port);
      }
    }
    expect(jobs.find((j) => j.job_name === 'claude-zen-controller').honor_labels).toBe(true);
    const am = prometheus.alerting.alertmanagers[0].static_configs[0].targets[0];
    expect(ports[hostPort(am)[0]]).toContain(hostPort(am)[1]);
    expect(prometheus.rule_files).toEqual(['rules/*.rules.yml']);
    // the mount in compose puts this folder where --config.file points
    expect(services.prometheus.volumes).toContain('./deploy/prometheus:/etc/prometheus:ro');
    expect(services.prometheus.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });

  it('passes promtool check config (with the exported rule file when present)', () => {
    const promtool = findBinary('promtool');
    if (!promtool) return;
    const out = execFileSync(promtool, ['check', 'config', 'prometheus.yml'], {
      cwd: join(root, 'deploy/prometheus'),
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS: prometheus.yml is valid/);
    // a broken config fails, so the check above means something
    const dir = mkdtempSync(join(tmpdir(), 'czm-deploy-'));
    try {
      cpSync(join(root, 'deploy/prometheus'), dir, { recursive: true });
      writeFileSync(
        join(dir, 'prometheus.yml'),
        read('deploy/prometheus/prometheus.yml').replace('15s', '15 s'),
      );
      expect(() =>
        execFileSync(promtool, ['check', 'config', 'prometheus.yml'], { cwd: dir, stdio: 'pipe' }),
      ).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/alertmanager/alertmanager.yml', () => {
  it('routes by severity to Slack/email and every actionable alert to the controller with its bearer token', () => {
    const receivers = Object.fromEntries((alertmanager.receivers as any[]).map((r) => [r.name, r]));
    const routes = alertmanager.route.routes as any[];
    const toController = routes.find((r) => r.receiver === 'controller');
    expect(toController.continue).toBe(true);
    expect(toController.matchers).toEqual(['severity=~"critical|warning"']);
    const critical = routes.find(
      (r) => r.matchers?.includes('severity="critical"') && r.receiver !== 'controller',
    );
    const warning = routes.find(
      (r) => r.matchers?.includes('severity="warning"') && r.receiver !== 'controller',
    );
    expect(receivers[critical.receiver].slack_configs.length).toBeGreaterThan(0);
    expect(receivers[critical.receiver].email_configs.length).toBeGreaterThan(0);
    expect(receivers[warning.receiver].slack_configs.length).toBeGreaterThan(0);
    for (const r of [alertmanager.route, ...routes]) expect(Object.keys(receivers)).toContain(r.receiver);

    const hook = receivers.controller.webhook_configs[0];
    const url = new URL(hook.url);
    expect(url.pathname).toBe('/webhooks/alertmanager');
    const ports = listening();
    expect(ports[url.hostname]).toContain(Number(url.port));
    expect(hook.http_config.authorization.type).toBe('Bearer');
    const file = hook.http_config.authorization.credentials_file as string;
    // the file is the compose secret filled from the controller's own token variable
    const secret = file.replace('/run/secrets/', '');
    expect(services.alertmanager.secrets).toContain(secret);
    expect(compose.secrets[secret].environment).toBe('CLAUDE_ZEN_TOKEN');
    // no secret inline
    const text = read('deploy/alertmanager/alertmanager.yml');
    expect(text).not.toMatch(/hooks\.slack\.com|auth_password:|credentials:/);
    for (const f of text.matchAll(/_file: (\S+)/g))
      expect(services.alertmanager.secrets).toContain(f[1].replace('/run/secrets/', ''));
  });

  it('passes amtool check-config', () => {
    const amtool = findBinary('amtool');
    if (!amtool) return;
    const out = execFileSync(amtool, ['check-config', 'alertmanager.yml'], {
      cwd: join(root, 'deploy/alertmanager'),
      encoding: 'utf8',
    });
    expect(out).toMatch(/SUCCESS/);
    expect(out).toMatch(/3 receivers/);
    const dir = mkdtempSync(join(tmpdir(), 'czm-deploy-'));
    try {
      writeFileSync(
        join(dir, 'am.yml'),
        read('deploy/alertmanager/alertmanager.yml').replace('receiver: team-warning', 'receiver: nobody'),
      );
      expect(() => execFileSync(amtool, ['check-config', join(dir, 'am.yml')], { stdio: 'pipe' })).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
