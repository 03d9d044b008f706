import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { ENV_VARS } from './schema.js';

describe('loadConfig', () => {
  it('uses the seed defaults when nothing is set', () => {
    const { config, problems } = loadConfig({});
    expect(problems).toEqual([]);
    expect(config.exporters).toEqual({ prometheus: true, otlp: false, console: false });
    expect(config.prometheus).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(config.collectors.system).toEqual({ enabled: true, intervalMs: 1000 });
    expect(config.collectors.api.intervalMs).toBe(500);
    expect(config.collectors.neural.intervalMs).toBe(2000);
    expect(config.collectors.memory.intervalMs).toBe(3000);
    expect(config.collectors.swarm.intervalMs).toBe(5000);
    expect(config.control.token).toBe('');
    expect(config.cardinalityLimit).toBe(2000);
  });

  it('reads collectors, exporters and ports', () => {
    const { config, problems } = loadConfig({
      CLAUDE_ZEN_COLLECTORS: 'api, swarm',
      OTEL_METRICS_EXPORTER: 'prometheus,otlp',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      CLAUDE_ZEN_CONTROL_TOKEN: 'secret',
    });
    expect(problems).toEqual([]);
    expect(config.collectors.api.enabled).toBe(true);
    expect(config.collectors.system.enabled).toBe(false);
    expect(config.collectors.swarm.enabled).toBe(true);
    expect(config.exporters.otlp).toBe(true);
    expect(config.prometheus.port).toBe(0);
    expect(config.control.token).toBe('secret');
  });

  it('names the variable and the fix for a bad value, and keeps the default', () => {
    const { config, problems } = loadConfig({
      OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety',
      CLAUDE_ZEN_COLLECTORS: 'cpu',
    });
    expect(config.prometheus.port).toBe(9464);
    expect(problems.map((p) => p.variable)).toEqual([
      'OTEL_EXPORTER_PROMETHEUS_PORT',
      'CLAUDE_ZEN_COLLECTORS',
    ]);
    expect(problems[0].message).toContain('expected an integer from 0 to 65535');
    expect(problems[1].message).toContain('system, api, memory, swarm, neural');
  });

  it('turns everything off with OTEL_METRICS_EXPORTER=none', () => {
    const { config } = loadConfig({ OTEL_METRICS_EXPORTER: 'none' });
    expect(config.exporters).toEqual({ prometheus: false, otlp: false, console: false });
  });

  it('has a default for every variable that parses', () => {
    for (const v of ENV_VARS) {
      const { problems } = loadConfig({ [v.name]: v.default.startsWith('<') ? '' : v.default });
      expect(problems, v.name).toEqual([]);
    }
  });
});
