import { CHANGE_STATES, type ChangeRecord, type ChangeState, type ChangeSummary } from './types.js';

function zeroCounts(): Record<ChangeState, number> {
  return Object.fromEntries(CHANGE_STATES.map((s) => [s, 0])) as Record<ChangeState, number>;
}

/**
 * The in-memory record of changes: a bounded ring, newest last. When full, the oldest settled
 * record goes first; an applied (unconfirmed) one only when nothing else can.
 */
export class ChangeLedger {
  readonly #records = new Map<string, ChangeRecord>();
  readonly #transitions = zeroCounts();
  #evicted = 0;

  /** Called with the id of each record dropped from the ring. */
  onEvict: (id: string) => void = () => {};
  /** Supplies the number of running leases to summary(). */
  activeLeases: () => number = () => 0;

  constructor(readonly maxChanges: number) {}

  add(record: ChangeRecord): void {
    this.#records.set(record.id, record);
    this.#transitions[record.state]++;
    while (this.#records.size > this.maxChanges) this.#evictOne();
  }

  /** Moves a record to a new state, with the fields that go with it. */
  transition(record: ChangeRecord, state: ChangeState, fields: Partial<ChangeRecord> = {}): void {
    Object.assign(record, fields, { state });
    this.#transitions[state]++;
  }

  get(id: string): ChangeRecord | undefined {
    return this.#records.get(id);
  }

  /** Newest first. */
  list(): ChangeRecord[] {
    return [...this.#records.values()].reverse();
  }

  /** The newest kept change of an action, if any. */
  latestOf(action: string): ChangeRecord | undefined {
    return this.list().find((r) => r.action === action);
  }

  summary(): ChangeSummary {
    const current = zeroCounts();
    for (const r of this.#records.values()) current[r.state]++;
    return {
      current,
      transitions: { ...this.#transitions },
      activeLeases: this.activeLeases(),
      evicted: this.#evicted,
    };
  }

  #evictOne(): void {
    let victim: string | undefined;
    for (const r of this.#records.values()) {
      if (r.state !== 'applied') {
        victim = r.id;
        break;
      }
    }
    victim ??= this.#records.keys().next().value as string;
    this.#records.delete(victim);
    this.#evicted++;
    this.onEvict(victim);
  }
}
