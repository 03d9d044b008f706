import { swarm as swarmTelemetry } from '@claude-zen/otel';
import type { Agent, WorkTools } from './agent.js';
import type { Swarm } from './swarm.js';
import type { TaskStore } from './tasks.js';
import { ROLE_FOR_TASK, type Task, type TaskType } from './types.js';

type Mail = { kind: 'submit'; task: Task } | { kind: 'ping'; done: (ms: number) => void } | { kind: 'free' };

/**
 * Assigns queued tasks to idle agents. Everything reaches it through one mailbox handled one
 * message per event-loop turn, so a ping waits behind the submissions ahead of it: its round
 * trip is the real coordination latency. Agents take tasks of their own role first; with
 * rebalancing on, any idle agent takes any waiting task.
 */
export class Coordinator {
  readonly backlog: Task[] = [];
  private readonly mailbox: Mail[] = [];
  private scheduled = false;
  private running = false;
  private inFlight = new Set<Promise<void>>();
  /** Role-agnostic assignment (the rebalance-agents action). */
  rebalance = false;

  constructor(
    readonly swarm: Swarm,
    readonly store: TaskStore,
    private readonly tools: WorkTools,
  ) {}

  start(): void {
    this.running = true;
    this.schedule();
  }

  /** Stops assigning; resolves when the tasks being worked on are done. */
  async stop(): Promise<void> {
    this.running = false;
    for (const m of this.mailbox.splice(0)) if (m.kind === 'ping') m.done(Number.NaN);
    await Promise.allSettled([...this.inFlight]);
  }

  submit(type: TaskType, payload?: unknown): Task {
    const task = this.store.create(type, payload);
    this.post({ kind: 'submit', task });
    return task;
  }

  /** A round trip through the mailbox and the swarm's topology, in ms (NaN once stopped). */
  ping(): Promise<number> {
    return new Promise((done) => {
      if (!this.running) return done(Number.NaN);
      const queued = performance.now();
      this.post({
        kind: 'ping',
        done: (hops) => done(Number.isNaN(hops) ? hops : performance.now() - queued),
      });
    });
  }

  /** Grows or shrinks the swarm to `agents`, retiring idle agents only; returns the previous count. */
  async resize(agents: number, timeoutMs = 10_000): Promise<number> {
    const previous = this.swarm.agents.length;
    while (this.swarm.agents.length < agents) this.swarm.addAgent();
    const deadline = Date.now() + timeoutMs;
    while (this.swarm.agents.length > agents) {
      const idle = this.swarm.agents.findLast((a) => a.status === 'idle');
      if (idle) {
        this.swarm.removeAgent(idle);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`could not retire busy agents within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    this.dispatch();
    return previous;
  }

  get queued(): number {
    return this.backlog.length;
  }

  private post(mail: Mail): void {
    this.mailbox.push(mail);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.running || this.mailbox.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const mail = this.mailbox.shift();
      if (mail && this.running) this.handle(mail);
      this.schedule();
    });
  }

  private handle(mail: Mail): void {
    if (mail.kind === 'submit') this.backlog.push(mail.task);
    if (mail.kind === 'ping') {
      this.swarm.roundTrip().then(mail.done, () => mail.done(Number.NaN));
      return;
    }
    this.dispatch();
  }

  /** Gives waiting tasks to idle agents. */
  dispatch(): void {
    for (const agent of this.swarm.agents) {
      if (agent.status !== 'idle' || this.backlog.length === 0) continue;
      const i = this.pick(agent);
      if (i < 0) continue;
      const [task] = this.backlog.splice(i, 1);
      this.assign(agent, task);
    }
  }

  /** Index of the task `agent` should take, or -1. */
  pick(agent: Agent): number {
    const own = this.backlog.findIndex((t) => ROLE_FOR_TASK[t.type] === agent.role);
    if (own >= 0) return own;
    if (this.rebalance) return 0;
    // without rebalancing, an agent only takes another role's task when no agent has that role
    const roles = new Set(this.swarm.agents.map((a) => a.role));
    return this.backlog.findIndex((t) => !roles.has(ROLE_FOR_TASK[t.type]));
  }

  private assign(agent: Agent, task: Task): void {
    agent.setStatus('busy');
    task.status = 'running';
    task.agentId = agent.id;
    task.startedAt = Date.now();
    const run = this.execute(agent, task).finally(() => {
      this.inFlight.delete(run);
      if (agent.status === 'busy') agent.setStatus('idle');
      this.post({ kind: 'free' });
    });
    this.inFlight.add(run);
  }

  private async execute(agent: Agent, task: Task): Promise<void> {
    try {
      await this.swarm.announceAssignment(agent, task);
      const score = await agent.work(task, this.tools);
      task.result = { score };
      await this.swarm.shareResult(agent, task, { score, agent: agent.id, type: task.type });
      agent.tasksCompleted++;
      this.finish(task, 'completed');
    } catch (err) {
      task.error = err instanceof Error ? err.message : String(err);
      agent.tasksFailed++;
      this.finish(task, 'failed');
    }
  }

  private finish(task: Task, status: 'completed' | 'failed'): void {
    this.store.finish(task, status);
    swarmTelemetry.recordTask({
      swarmId: this.swarm.id,
      status,
      durationMs: (task.finishedAt ?? Date.now()) - task.submittedAt,
      agentId: task.agentId,
      taskType: task.type,
    });
  }
}
