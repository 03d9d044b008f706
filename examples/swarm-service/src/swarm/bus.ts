import { swarm as swarmTelemetry } from '@claude-zen/otel';

/** Who can receive messages on the bus: agents and the coordinator. */
export interface Endpoint {
  readonly id: string;
  receive(message: Message): void;
}

export interface Message {
  kind: 'assign' | 'result' | 'ping' | 'pong' | 'relay';
  from: string;
  to: string;
  taskId?: string;
  body?: unknown;
}

/**
 * Delivers messages between agents: each one is serialized (its size is the communication
 * overhead, recorded with `swarm.recordMessage`), handed over on a later turn of the event loop,
 * and parsed by the recipient.
 */
export class MessageBus {
  private readonly endpoints = new Map<string, Endpoint>();
  messages = 0;
  bytes = 0;

  constructor(private readonly swarmId: string) {}

  attach(endpoint: Endpoint): void {
    this.endpoints.set(endpoint.id, endpoint);
  }

  detach(id: string): void {
    this.endpoints.delete(id);
  }

  /** Sends one message; resolves once the recipient has it (rejects if it is gone). */
  send(message: Message): Promise<void> {
    const wire = JSON.stringify(message);
    const size = Buffer.byteLength(wire);
    this.messages++;
    this.bytes += size;
    swarmTelemetry.recordMessage({ swarmId: this.swarmId, bytes: size });
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        const to = this.endpoints.get(message.to);
        if (!to) return reject(new Error(`no agent ${message.to} on the bus`));
        to.receive(JSON.parse(wire) as Message);
        resolve();
      });
    });
  }
}
