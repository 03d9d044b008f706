import { randomUUID } from 'node:crypto';
import { ControlError, describeError } from './errors.js';
import { LeaseTimers } from './leases.js';
import type { ChangeLedger } from './ledger.js';
import { normalizeOutcome } from './outcome.js';
import type { ActionRegistry } from './registry.js';
import type { ChangeRecord, Rollback, RollbackReason } from './types.js';
import { assertValid } from './validation.js';

export interface ActuatorOptions {
  registry: ActionRegistry;
  ledger: ChangeLedger;
  leaseMs: number;
  log: (line: string) => void;
}

const ROLLBACKABLE = new Set(['applied', 'confirmed', 'rollback_failed']);

/**
 * Applies actions, confirms and rolls back changes, and rolls back by itself any change whose
 * lease runs out. One change per action may be in flight (applying, or applied and unconfirmed).
 */
export class Actuator {
  /** changes that can still be undone: id → record and its rollback */
  readonly #undo = new Map<string, { record: ChangeRecord; rollback: Rollback }>();
  /** action name → id of the change being applied right now */
  readonly #applying = new Map<string, string>();
  /** ids of changes whose rollback is running */
  readonly #rollingBack = new Set<string>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #leases: LeaseTimers;
  #stopped = false;

  constructor(private readonly o: ActuatorOptions) {
    this.#leases = new LeaseTimers((id) => this.#expire(id));
    o.ledger.activeLeases = () => this.#leases.size;
    o.ledger.onEvict = (id) => {
      // An evicted change that is still applied keeps its rollback until its lease settles it.
      if (this.#undo.get(id)?.record.state !== 'applied') this.#undo.delete(id);
    };
  }

  async apply(name: string, parameters: Record<string, unknown>, leaseMs?: number): Promise<ChangeRecord> {
    const action = this.o.registry.get(name);
    if (!action) {
      const available = this.o.registry.names().join(', ') || '(none)';
      throw new ControlError('unknown_action', `unknown action "${name}"; available actions: ${available}`);
    }
    if (this.#stopped)
      throw new ControlError('conflict', 'the control endpoint is closing; nothing is applied');
    this.#assertNotInFlight(name);
    assertValid(action.validate, parameters, 'parameters');

    const id = randomUUID();
    this.#applying.set(name, id);
    const record: ChangeRecord = { id, action: name, parameters, state: 'applied', appliedAt: '' };
    try {
      const outcome = normalizeOutcome(await action.definition.apply(parameters), name);
      const lease = leaseMs ?? this.o.leaseMs;
      record.appliedAt = new Date().toISOString();
      record.before = outcome.before;
      record.after = outcome.after;
      record.leaseExpiresAt = new Date(Date.now() + lease).toISOString();
      this.#undo.set(id, { record, rollback: outcome.rollback });
      if (!this.#stopped) this.#leases.start(id, lease);
      this.o.ledger.add(record);
      this.o.log(`applied ${name} as change ${id}; lease ${lease} ms`);
    } catch (err) {
      record.appliedAt = new Date().toISOString();
      record.state = 'failed';
      record.error = describeError(err);
      this.o.ledger.add(record);
      this.o.log(`apply of ${name} failed (change ${id}): ${record.error}`);
    } finally {
      this.#applying.delete(name);
    }
    return record;
  }

  confirm(id: string): ChangeRecord {
    const record = this.#find(id);
    if (record.state !== 'applied') {
      throw new ControlError(
        'conflict',
        `change ${id} is ${record.state}; only an applied change can be confirmed`,
      );
    }
    if (this.#rollingBack.has(id)) {
      throw new ControlError('conflict', `change ${id} is being rolled back; it can no longer be confirmed`);
    }
    this.#leases.cancel(id);
    this.o.ledger.transition(record, 'confirmed', { confirmedAt: new Date().toISOString() });
    this.o.log(`confirmed change ${id} (${record.action})`);
    return record;
  }

  /** Runs a change's rollback. A failure is recorded as "rollback_failed" and may be retried. */
  async rollback(id: string, reason: RollbackReason = 'requested'): Promise<ChangeRecord> {
    const record = this.#find(id);
    if (!ROLLBACKABLE.has(record.state)) {
      throw new ControlError('conflict', `change ${id} is ${record.state}; there is nothing to roll back`);
    }
    if (this.#rollingBack.has(id)) {
      throw new ControlError('conflict', `change ${id} is already being rolled back`);
    }
    const newer = this.o.ledger.latestOf(record.action);
    if (newer && newer.id !== id && (newer.state === 'applied' || newer.state === 'confirmed')) {
      throw new ControlError(
        'conflict',
        `change ${id} was superseded by change ${newer.id} of the same action; roll back ${newer.id} first`,
      );
    }
    return this.#runRollback(record, reason);
  }

  /** Stops lease timers and waits for rollbacks already running. Applied changes stay applied. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#leases.stop();
    await Promise.allSettled([...this.#pending]);
  }

  async #runRollback(record: ChangeRecord, reason: RollbackReason): Promise<ChangeRecord> {
    const { id } = record;
    this.#leases.cancel(id);
    this.#rollingBack.add(id);
    const done = this.#doRollback(record, reason).finally(() => {
      this.#rollingBack.delete(id);
      this.#pending.delete(done);
    });
    this.#pending.add(done);
    return done;
  }

  async #doRollback(record: ChangeRecord, reason: RollbackReason): Promise<ChangeRecord> {
    const rollback = this.#undo.get(record.id)?.rollback;
    const at = new Date().toISOString();
    try {
      await rollback?.();
      this.#undo.delete(record.id);
      this.o.ledger.transition(record, 'rolled_back', {
        rolledBackAt: at,
        rollbackReason: reason,
        error: undefined,
      });
      this.o.log(`rolled back change ${record.id} (${record.action}): ${reason}`);
    } catch (err) {
      const error = `rollback failed: ${describeError(err)}`;
      this.o.ledger.transition(record, 'rollback_failed', {
        rolledBackAt: at,
        rollbackReason: reason,
        error,
      });
      this.o.log(
        `rollback of change ${record.id} (${record.action}, ${reason}) failed: ${describeError(err)}`,
      );
    }
    return record;
  }

  #expire(id: string): void {
    const record = this.#undo.get(id)?.record;
    if (record?.state !== 'applied' || this.#rollingBack.has(id)) return;
    void this.#runRollback(record, 'lease-expired');
  }

  #assertNotInFlight(name: string): void {
    const applying = this.#applying.get(name);
    if (applying) {
      throw new ControlError('conflict', `action "${name}" is being applied right now (change ${applying})`);
    }
    for (const { record } of this.#undo.values()) {
      if (record.action === name && record.state === 'applied') {
        throw new ControlError(
          'conflict',
          `action "${name}" already has unconfirmed change ${record.id}; confirm or roll it back first`,
        );
      }
    }
  }

  /** A kept change by id; 404 when unknown. */
  get(id: string): ChangeRecord {
    return this.#find(id);
  }

  #find(id: string): ChangeRecord {
    const record = this.o.ledger.get(id);
    if (!record)
      throw new ControlError('unknown_change', `unknown change "${id}" (it may have left the ring)`);
    return record;
  }
}
