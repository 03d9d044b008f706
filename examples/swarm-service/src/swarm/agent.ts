import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { swarm as swarmTelemetry } from '@claude-zen/otel';
import type { BufferPool } from '../memory/pool.js';
import { taskFeatures } from '../model/features.js';
import type { Endpoint, Message } from './bus.js';
import type { AgentStatus, Role, Task } from './types.js';

/** What an agent needs to work on a task. */
export interface WorkTools {
  score(row: readonly number[]): Promise<number>;
  pool: BufferPool;
  /** A call to the tool backend taking `delayMs` there (absent: a plain wait of that long). */
  tool?: (delayMs: number) => Promise<void>;
}

/** Hashing rounds over the task buffer: the agent's CPU work (about a millisecond). */
const HASH_ROUNDS = 4;

/**
 * One agent of the swarm: a role, a status, an inbox on the message bus, and work on tasks —
 * some CPU (hashing a work buffer), a tool call (over TCP to the tool backend), and a model scoring call.
 */
export class Agent implements Endpoint {
  status: AgentStatus = 'idle';
  tasksCompleted = 0;
  tasksFailed = 0;
  received = 0;
  busyMs = 0;

  constructor(
    readonly id: string,
    readonly role: Role,
    readonly swarmId: string,
    private readonly random: () => number = Math.random,
  ) {
    this.report();
  }

  receive(_message: Message): void {
    this.received++;
  }

  setStatus(status: AgentStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.report();
  }

  /** Works on a task; resolves with its score, rejects when the task fails. */
  async work(task: Task, tools: WorkTools): Promise<number> {
    const started = performance.now();
    const buf = tools.pool.acquire();
    try {
      const digest = this.hash(buf, task);
      const toolMs = 5 + Math.floor(this.random() * 20);
      await (tools.tool ? tools.tool(toolMs) : sleep(toolMs));
      const score = await tools.score(taskFeatures(task.type, task.payload, digest));
      const payload = task.payload as { fail?: unknown } | undefined;
      if (payload?.fail === true) throw new Error(`task asked to fail (payload.fail = true)`);
      return score;
    } finally {
      tools.pool.release(buf);
      this.busyMs += performance.now() - started;
    }
  }

  private hash(buf: Buffer, task: Task): string {
    buf.write(`${task.id}:${task.type}:${JSON.stringify(task.payload ?? null)}`.slice(0, buf.length));
    let digest = '';
    for (let i = 0; i < HASH_ROUNDS; i++)
      digest = createHash('sha256').update(buf).update(digest).digest('hex');
    return digest;
  }

  private report(): void {
    swarmTelemetry.setAgentStatus({
      swarmId: this.swarmId,
      agentId: this.id,
      status: this.status,
      role: this.role,
    });
  }
}
