import { performance } from 'node:perf_hooks';
import { swarm as swarmTelemetry } from '@claude-zen/otel';
import type { Topology } from '../config.js';
import { Agent } from './agent.js';
import { type Message, MessageBus } from './bus.js';
import { COORDINATOR, routesFor } from './topology.js';
import { ROLES, type Task } from './types.js';

/**
 * The agents, their topology and the message bus between them. Messages follow the topology's
 * routes; switching topology changes how many messages a task costs and how many hops it takes.
 */
export class Swarm {
  readonly bus: MessageBus;
  readonly agents: Agent[] = [];
  private nextAgent = 1;
  private pingTarget = 0;

  constructor(
    readonly id: string,
    private _topology: Topology,
    agents: number,
  ) {
    this.bus = new MessageBus(id);
    this.bus.attach({ id: COORDINATOR, receive: () => {} });
    swarmTelemetry.setSwarm({ swarmId: id, topology: _topology });
    for (let i = 0; i < agents; i++) this.addAgent();
  }

  get topology(): Topology {
    return this._topology;
  }

  /** Switches topology; returns the previous one. */
  setTopology(topology: Topology): Topology {
    const previous = this._topology;
    this._topology = topology;
    swarmTelemetry.setSwarm({ swarmId: this.id, topology });
    return previous;
  }

  addAgent(): Agent {
    const n = this.nextAgent++;
    const role = ROLES[(n - 1) % ROLES.length];
    const agent = new Agent(`agent-${n}`, role, this.id);
    this.agents.push(agent);
    this.bus.attach(agent);
    return agent;
  }

  /** Removes an agent (the caller makes sure it is idle). */
  removeAgent(agent: Agent): void {
    const i = this.agents.indexOf(agent);
    if (i < 0) return;
    this.agents.splice(i, 1);
    agent.setStatus('offline');
    this.bus.detach(agent.id);
    swarmTelemetry.removeAgent(this.id, agent.id);
  }

  private ids(): string[] {
    return this.agents.map((a) => a.id);
  }

  /** Tells the swarm that `agent` takes `task`, along the topology's assignment routes. */
  async announceAssignment(agent: Agent, task: Task): Promise<void> {
    const paths = routesFor(this._topology).assignment(agent.id, this.ids());
    await Promise.all(
      paths.map((path) =>
        this.follow(COORDINATOR, path, { kind: 'assign', taskId: task.id, body: task.type }),
      ),
    );
  }

  /** Shares a task's result along the topology's result routes. */
  async shareResult(agent: Agent, task: Task, body: unknown): Promise<void> {
    const paths = routesFor(this._topology).result(agent.id, this.ids());
    await Promise.all(
      paths.map((path) => this.follow(agent.id, path, { kind: 'result', taskId: task.id, body })),
    );
  }

  /** A coordination round trip from the coordinator through the topology and back, in ms. */
  async roundTrip(): Promise<number> {
    const started = performance.now();
    const ids = this.ids();
    if (ids.length === 0) return 0;
    const target = ids[this.pingTarget++ % ids.length];
    await this.follow(COORDINATOR, routesFor(this._topology).ping(target, ids), { kind: 'ping' });
    return performance.now() - started;
  }

  private async follow(
    from: string,
    path: readonly string[],
    m: Omit<Message, 'from' | 'to'>,
  ): Promise<void> {
    let at = from;
    for (const to of path) {
      await this.bus.send({ ...m, from: at, to });
      at = to;
    }
  }
}
