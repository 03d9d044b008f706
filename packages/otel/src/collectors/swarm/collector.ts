import type { Meter } from '@opentelemetry/api';
import { errorMessage, logOnce } from '../../diag/log.js';
import { managers } from '../../managers/registry.js';
import { Sampler } from '../sampler.js';
import type { Collector, CollectorContext } from '../types.js';
import {
  ATTR_AGENT_ROLE,
  ATTR_AGENT_STATUS,
  ATTR_SWARM_ID,
  ATTR_SWARM_TOPOLOGY,
  SWARM_ACTIVE,
  SWARM_AGENT_UTILIZATION,
  SWARM_AGENTS,
  SWARM_COORDINATION_LATENCY,
  SWARM_EFFICIENCY,
  SWARM_THROUGHPUT,
} from './names.js';
import { swarm as defaultRecorder, type SwarmRecorder } from './recorder.js';
import { efficiency, type SwarmTally, utilization } from './state.js';
import type { SwarmLike } from './types.js';

/** Swarms known only from pushes are dropped after this long without news. */
const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Swarm metrics: agents by status and role, utilization, coordination latency, task throughput
 * and efficiency. Reads pushed records (the `swarm` recorder) and polls registered swarm
 * managers on its interval (ping round trip, agents, completed tasks).
 */
export class SwarmCollector implements Collector {
  readonly name = 'swarm';
  private readonly sampler: Sampler;

  constructor(
    ctx: CollectorContext,
    private readonly recorder: SwarmRecorder = defaultRecorder,
  ) {
    recorder.bind(ctx.meter);
    this.registerGauges(ctx.meter);
    this.sampler = new Sampler('swarm', ctx.intervalMs, () => this.sample());
  }

  start(): void {
    this.sampler.start();
  }

  stop(): void {
    this.sampler.stop();
  }

  /** One polling cycle: read managers, close the window, forget silent swarms. */
  async sample(now = Date.now()): Promise<void> {
    await this.pollManagers(now);
    for (const [id, t] of this.recorder.swarms) {
      const seconds = (now - t.windowStart) / 1000;
      if (seconds > 0) {
        t.efficiency = efficiency(t) ?? t.efficiency;
        t.throughputPerSecond = (t.completed + t.failed) / seconds;
      }
      t.completed = 0;
      t.failed = 0;
      t.taskSeconds = 0;
      t.windowStart = now;
      if (!t.fromManager && now - t.lastSeen > FORGET_AFTER_MS) this.recorder.swarms.delete(id);
    }
  }

  private async pollManagers(now: number): Promise<void> {
    for (const m of managers.swarm) {
      let list: SwarmLike[];
      try {
        list = (await m.getActiveSwarms()) ?? [];
      } catch (err) {
        logOnce('swarm-manager', `swarm manager getActiveSwarms() failed (ignored): ${errorMessage(err)}`);
        continue;
      }
      for (const [i, s] of list.entries()) await this.readSwarm(s, i, now);
    }
  }

  private async readSwarm(s: SwarmLike, index: number, now: number): Promise<void> {
    const id = String(s.id ?? `swarm-${index}`);
    const t = this.recorder.tally(id, now);
    t.fromManager = true;
    if (s.topology) t.topology = String(s.topology);
    if (Array.isArray(s.agents)) {
      t.agents.clear();
      s.agents.forEach((a, i) => {
        t.agents.set(String(a.id ?? i), {
          status: String(a.status ?? 'unknown'),
          role: String(a.role ?? a.type ?? 'agent'),
        });
      });
    }
    try {
      if (typeof s.ping === 'function') {
        const started = performance.now();
        await s.ping();
        t.latencySeconds = (performance.now() - started) / 1000;
      }
      if (typeof s.getCompletedTasks === 'function' && t.completed + t.failed === 0) {
        const done = (await s.getCompletedTasks(t.windowStart, now)) ?? [];
        t.completed += done.length;
        if (typeof s.getFailedTasks === 'function')
          t.failed += ((await s.getFailedTasks(t.windowStart, now)) ?? []).length;
      }
    } catch (err) {
      logOnce(`swarm-manager:${id}`, `swarm ${id}: manager call failed (ignored): ${errorMessage(err)}`);
    }
  }

  private registerGauges(meter: Meter): void {
    const swarms = () => this.recorder.swarms;
    meter
      .createObservableGauge(SWARM_ACTIVE, { description: 'Active swarms.', unit: '{swarm}' })
      .addCallback((r) => r.observe(swarms().size));
    meter
      .createObservableGauge(SWARM_AGENTS, {
        description: 'Agents by swarm, status and role.',
        unit: '{agent}',
      })
      .addCallback((r) => {
        for (const [id, t] of swarms()) {
          const counts = new Map<string, { status: string; role: string; n: number }>();
          for (const a of t.agents.values()) {
            const key = `${a.status}\0${a.role}`;
            const c = counts.get(key) ?? { status: a.status, role: a.role, n: 0 };
            c.n++;
            counts.set(key, c);
          }
          for (const c of counts.values())
            r.observe(c.n, { [ATTR_SWARM_ID]: id, [ATTR_AGENT_STATUS]: c.status, [ATTR_AGENT_ROLE]: c.role });
        }
      });
    const perSwarm = (
      name: string,
      description: string,
      unit: string,
      pick: (t: SwarmTally) => number | undefined,
    ) =>
      meter.createObservableGauge(name, { description, unit }).addCallback((r) => {
        for (const [id, t] of swarms()) {
          const v = pick(t);
          if (v !== undefined && Number.isFinite(v))
            r.observe(v, { [ATTR_SWARM_ID]: id, [ATTR_SWARM_TOPOLOGY]: t.topology });
        }
      });
    perSwarm(SWARM_AGENT_UTILIZATION, 'Share of agents that are busy.', '1', (t) =>
      utilization(t.agents.values()),
    );
    perSwarm(
      SWARM_COORDINATION_LATENCY,
      'Last coordination round trip (ping) of the swarm.',
      's',
      (t) => t.latencySeconds,
    );
    perSwarm(
      SWARM_EFFICIENCY,
      'Task success ratio discounted by coordination time, over the last window.',
      '1',
      (t) => t.efficiency,
    );
    perSwarm(
      SWARM_THROUGHPUT,
      'Tasks finished per second over the last window.',
      '{task}/s',
      (t) => t.throughputPerSecond,
    );
  }
}
