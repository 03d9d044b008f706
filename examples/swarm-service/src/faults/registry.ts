import { ServiceError } from '../errors.js';
import { FAULT_ALIASES, FAULT_NAMES, type Fault, type FaultName } from './types.js';

/** The service's faults by name, switched on and off by POST /faults/:name. */
export class FaultSet {
  private readonly byName: Map<FaultName, Fault>;

  constructor(faults: Fault[]) {
    this.byName = new Map(faults.map((f) => [f.name, f]));
  }

  get<T extends Fault>(name: FaultName): T {
    return this.byName.get(name) as T;
  }

  async set(name: string, enabled: boolean): Promise<Fault> {
    const fault = this.byName.get((FAULT_ALIASES[name] ?? name) as FaultName);
    if (!fault) {
      throw new ServiceError('not_found', `unknown fault "${name}": use one of ${FAULT_NAMES.join(', ')}`);
    }
    if (enabled) await fault.enable();
    else await fault.disable();
    return fault;
  }

  list() {
    return [...this.byName.values()].map((f) => ({
      name: f.name,
      description: f.description,
      enabled: f.enabled,
      ...f.describe(),
    }));
  }

  async disableAll(): Promise<void> {
    for (const f of this.byName.values()) await f.disable();
  }
}
