import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { PrometheusReader } from '../../export/prometheus/reader.js';
import { managers, registerSwarmManager } from '../../managers/registry.js';
import { SwarmCollector } from './collector.js';
import { SwarmRecorder } from './recorder.js';
import { efficiency } from './state.js';

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  managers.swarm.clear();
});

function setup() {
  const reader = new PrometheusReader({ host: '127.0.0.1', port: 0, cardinalityLimit: 2000 });
  provider = new MeterProvider({ readers: [reader] });
  const recorder = new SwarmRecorder();
  const collector = new SwarmCollector({ meter: provider.getMeter('t'), intervalMs: 60_000 }, recorder);
  return { reader, recorder, collector };
}

describe('swarm efficiency', () => {
  it('is the success ratio discounted by coordination time', () => {
    expect(efficiency({ completed: 8, failed: 2, taskSeconds: 9, latencySeconds: 0.1 })).toBeCloseTo(
      0.8 * (9 / 10),
      9,
    );
    expect(efficiency({ completed: 0, failed: 0, taskSeconds: 0 })).toBeUndefined();
    expect(efficiency({ completed: 5, failed: 0, taskSeconds: 5 })).toBe(1);
  });
});

describe('SwarmCollector', () => {
  it('exports pushed agents, tasks, messages and window gauges', async () => {
    const { reader, recorder, collector } = setup();
    recorder.setSwarm({ swarmId: 's', topology: 'mesh' });
    recorder.setAgentStatus({ swarmId: 's', agentId: 'a', status: 'busy', role: 'coder' });
    recorder.setAgentStatus({ swarmId: 's', agentId: 'b', status: 'idle', role: 'coder' });
    recorder.recordTask({ swarmId: 's', durationMs: 1000, status: 'completed' });
    recorder.recordTask({ swarmId: 's', durationSeconds: 1, status: 'failed' });
    recorder.recordTask({ swarmId: '', durationMs: 1, status: 'completed' }); // ignored: no swarm id
    recorder.recordMessage({ swarmId: 's', bytes: 100 });
    recorder.recordCoordinationLatency({ swarmId: 's', latencyMs: 100 });
    recorder.tally('s').windowStart = Date.now() - 10_000;
    await collector.sample();
    const text = await reader.text();
    expect(text).toContain('claude_zen_swarm_active 1');
    expect(text).toContain(
      'claude_zen_swarm_agents{claude_zen_swarm_id="s",claude_zen_agent_status="busy",claude_zen_agent_role="coder"} 1',
    );
    expect(text).toContain(
      'claude_zen_swarm_agent_utilization_ratio{claude_zen_swarm_id="s",claude_zen_swarm_topology="mesh"} 0.5',
    );
    expect(text).toMatch(
      /claude_zen_swarm_tasks_total\{claude_zen_swarm_id="s",claude_zen_task_status="failed"\} 1/,
    );
    expect(text).toContain('claude_zen_swarm_messages_size_bytes_total{claude_zen_swarm_id="s"} 100');
    expect(text).toContain(
      'claude_zen_swarm_coordination_latency_seconds{claude_zen_swarm_id="s",claude_zen_swarm_topology="mesh"} 0.1',
    );
    // 1 of 2 succeeded; work 2 s, coordination 2 × 0.1 s
    const eff = Number(/claude_zen_swarm_efficiency_ratio\{[^}]*\} (\S+)/.exec(text)?.[1]);
    expect(eff).toBeCloseTo(0.5 * (2 / 2.2), 9);
    const tput = Number(/claude_zen_swarm_task_throughput_per_second\{[^}]*\} (\S+)/.exec(text)?.[1]);
    expect(tput).toBeGreaterThan(0.15);
    expect(tput).toBeLessThan(0.25);
  });

  it('reads registered managers: agents, ping round trip and completed tasks', async () => {
    const { reader, collector } = setup();
    const now = Date.now();
    registerSwarmManager({
      getActiveSwarms: async () => [
        {
          id: 'm',
          agents: [{ status: 'active' }, { status: 'active' }, { status: 'offline' }],
          ping: () => new Promise((r) => setTimeout(r, 20)),
          getCompletedTasks: () => [now, now, now],
        },
      ],
    });
    await collector.sample();
    const text = await reader.text();
    expect(text).toContain(
      'claude_zen_swarm_agents{claude_zen_swarm_id="m",claude_zen_agent_status="active",claude_zen_agent_role="agent"} 2',
    );
    const latency = Number(
      /claude_zen_swarm_coordination_latency_seconds\{claude_zen_swarm_id="m"[^}]*\} (\S+)/.exec(text)?.[1],
    );
    expect(latency).toBeGreaterThanOrEqual(0.015);
    expect(text).toMatch(/claude_zen_swarm_agent_utilization_ratio\{claude_zen_swarm_id="m"[^}]*\} 0\.66/);
  });

  it('rejects a manager without getActiveSwarms with a clear error', () => {
    expect(() => registerSwarmManager({} as never)).toThrow('needs a getActiveSwarms() method');
  });
});
