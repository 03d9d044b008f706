import { describe, expect, it } from 'vitest';
import { formatValue, prometheusName, sanitizeLabelName, unitSuffix } from './names.js';

describe('prometheus names', () => {
  it('adds unit suffixes and _total like the OpenTelemetry compatibility spec', () => {
    expect(prometheusName('http.server.request.duration', 's', 'histogram')).toBe(
      'http_server_request_duration_seconds',
    );
    expect(prometheusName('claude_zen.swarm.tasks', '{task}', 'counter')).toBe(
      'claude_zen_swarm_tasks_total',
    );
    expect(prometheusName('system.memory.usage', 'By', 'gauge')).toBe('system_memory_usage_bytes');
    expect(prometheusName('system.cpu.utilization', '1', 'gauge')).toBe('system_cpu_utilization_ratio');
    expect(prometheusName('claude_zen.swarm.messages.size', 'By', 'counter')).toBe(
      'claude_zen_swarm_messages_size_bytes_total',
    );
    expect(prometheusName('requests_total', '', 'counter')).toBe('requests_total');
    expect(prometheusName('x.rate', '1/s', 'gauge')).toBe('x_rate_per_second');
    expect(prometheusName('latency_seconds', 's', 'gauge')).toBe('latency_seconds');
  });
  it('maps units', () => {
    expect(unitSuffix('{request}', false)).toBe('');
    expect(unitSuffix('By/s', true)).toBe('bytes_per_second');
    expect(unitSuffix('1', false)).toBe('');
  });
  it('sanitizes label names and formats values', () => {
    expect(sanitizeLabelName('http.request.method')).toBe('http_request_method');
    expect(sanitizeLabelName('1abc')).toBe('key_1abc');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('+Inf');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(0.25)).toBe('0.25');
  });
});
