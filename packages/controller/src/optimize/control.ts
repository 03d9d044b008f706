import { ControlClient } from '@claude-zen/otel/api';
import { OptimizeError } from './errors.js';
import type { AdvertisedAction, OptimizationTarget } from './types.js';

/** A change as the target's control endpoint reports it. */
export interface RemoteChange {
  id: string;
  action: string;
  state: string;
  error?: string;
  rollbackReason?: string;
}

/** The actuator side, through the target's authenticated control endpoint. */
export class TargetControl {
  private readonly client: ControlClient;

  constructor(readonly target: OptimizationTarget) {
    this.client = new ControlClient(target.controlUrl, target.token);
  }

  async actions(): Promise<AdvertisedAction[]> {
    const res = await this.call(() => this.client.json('GET', '/v1/actions'), 'list actions');
    return (res.actions ?? []) as AdvertisedAction[];
  }

  async apply(action: string, parameters: Record<string, unknown>, leaseMs: number): Promise<RemoteChange> {
    const res = await this.call(() => this.client.apply(action, parameters, leaseMs), `apply ${action}`);
    return res.change as RemoteChange;
  }

  async confirm(id: string): Promise<RemoteChange> {
    return (await this.call(() => this.client.confirm(id), `confirm ${id}`)).change as RemoteChange;
  }

  async rollback(id: string): Promise<RemoteChange> {
    return (await this.call(() => this.client.rollback(id), `roll back ${id}`)).change as RemoteChange;
  }

  async change(id: string): Promise<RemoteChange> {
    return (await this.call(() => this.client.change(id), `read ${id}`)).change as RemoteChange;
  }

  private async call(
    send: () => Promise<{ status: number; body: Record<string, unknown> }>,
    what: string,
  ): Promise<Record<string, unknown>> {
    let res: { status: number; body: Record<string, unknown> };
    try {
      res = await send();
    } catch (e) {
      throw new OptimizeError(
        'control_failed',
        `${what} on ${this.target.controlUrl}: ${(e as Error).message}`,
      );
    }
    if (res.status >= 300) {
      const err = res.body.error as { code?: string; message?: string } | undefined;
      throw new OptimizeError(
        'control_failed',
        `${what} on ${this.target.controlUrl}: HTTP ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`.trim(),
      );
    }
    return res.body;
  }
}
