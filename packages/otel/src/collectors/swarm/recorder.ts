import type { Attributes, Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  ATTR_SWARM_ID,
  ATTR_TASK_STATUS,
  ATTR_TASK_TYPE,
  SWARM_MESSAGE_BYTES,
  SWARM_MESSAGES,
  SWARM_TASK_DURATION,
  SWARM_TASKS,
  TASK_DURATION_BUCKETS,
} from './names.js';
import { newTally, type SwarmTally } from './state.js';
import type { AgentStateRecord, MessageRecord, SwarmInfo, TaskRecord } from './types.js';

/** Durations may be given in ms or s; exactly one is expected, ms wins if both are. */
export function seconds(r: { durationMs?: number; durationSeconds?: number }): number | undefined {
  const s = r.durationMs !== undefined ? r.durationMs / 1000 : r.durationSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? s : undefined;
}

/**
 * The typed push API for swarm telemetry (`import { swarm } from '@claude-zen/otel'`).
 * Safe to call before or without the preload: state is kept and instruments are no-ops until
 * the SDK binds a meter. Invalid records are ignored (never thrown at the caller).
 */
export class SwarmRecorder {
  readonly swarms = new Map<string, SwarmTally>();
  private tasks?: Counter;
  private taskDuration?: Histogram;
  private messages?: Counter;
  private messageBytes?: Counter;
  private readonly attrCache = new Map<string, Attributes>();

  bind(meter: Meter): void {
    this.tasks = meter.createCounter(SWARM_TASKS, {
      description: 'Tasks finished by swarms, by status.',
      unit: '{task}',
    });
    this.taskDuration = meter.createHistogram(SWARM_TASK_DURATION, {
      description: 'Duration of swarm tasks.',
      unit: 's',
      advice: { explicitBucketBoundaries: TASK_DURATION_BUCKETS },
    });
    this.messages = meter.createCounter(SWARM_MESSAGES, {
      description: 'Messages exchanged between agents.',
      unit: '{message}',
    });
    this.messageBytes = meter.createCounter(SWARM_MESSAGE_BYTES, {
      description: 'Bytes exchanged between agents (communication overhead).',
      unit: 'By',
    });
  }

  tally(swarmId: string, now = Date.now()): SwarmTally {
    let t = this.swarms.get(swarmId);
    if (!t) {
      t = newTally(now);
      this.swarms.set(swarmId, t);
    }
    t.lastSeen = now;
    return t;
  }

  /** Declares a swarm (and its topology) so it counts as active even before any task. */
  setSwarm(info: SwarmInfo): void {
    if (!info?.swarmId) return;
    const t = this.tally(String(info.swarmId));
    if (info.topology) t.topology = info.topology;
  }

  removeSwarm(swarmId: string): void {
    this.swarms.delete(swarmId);
  }

  recordTask(r: TaskRecord): void {
    if (!r?.swarmId || (r.status !== 'completed' && r.status !== 'failed')) return;
    const t = this.tally(String(r.swarmId));
    const s = seconds(r);
    if (r.status === 'completed') t.completed++;
    else t.failed++;
    if (s !== undefined) t.taskSeconds += s;
    const attrs = this.attrs(r.swarmId, r.status, r.taskType);
    this.tasks?.add(1, attrs);
    if (s !== undefined) this.taskDuration?.record(s, attrs);
  }

  setAgentStatus(r: AgentStateRecord): void {
    if (!r?.swarmId || !r.agentId || !r.status) return;
    const t = this.tally(String(r.swarmId));
    const prev = t.agents.get(r.agentId);
    t.agents.set(r.agentId, { status: String(r.status), role: r.role ?? prev?.role ?? 'agent' });
  }

  removeAgent(swarmId: string, agentId: string): void {
    this.swarms.get(swarmId)?.agents.delete(agentId);
  }

  recordMessage(r: MessageRecord): void {
    if (!r?.swarmId || !(r.bytes >= 0)) return;
    this.tally(String(r.swarmId));
    const attrs = { [ATTR_SWARM_ID]: r.swarmId };
    this.messages?.add(r.count ?? 1, attrs);
    this.messageBytes?.add(r.bytes, attrs);
  }

  /** A measured coordination round trip (e.g. a ping through the swarm's coordinator). */
  recordCoordinationLatency(r: { swarmId: string; latencyMs?: number; latencySeconds?: number }): void {
    if (!r?.swarmId) return;
    const s = r.latencyMs !== undefined ? r.latencyMs / 1000 : r.latencySeconds;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) return;
    this.tally(String(r.swarmId)).latencySeconds = s;
  }

  private attrs(swarmId: string, status: string, taskType?: string): Attributes {
    const key = `${swarmId}\0${status}\0${taskType ?? ''}`;
    let a = this.attrCache.get(key);
    if (!a) {
      a = { [ATTR_SWARM_ID]: swarmId, [ATTR_TASK_STATUS]: status };
      if (taskType) a[ATTR_TASK_TYPE] = taskType;
      if (this.attrCache.size > 10_000) this.attrCache.clear();
      this.attrCache.set(key, a);
    }
    return a;
  }
}

/** The process-wide swarm recorder behind `import { swarm } from '@claude-zen/otel'`. */
export const swarm = new SwarmRecorder();
