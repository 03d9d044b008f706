/** How much an action is expected to change, and how likely it is to hurt. */
export type Level = 'low' | 'medium' | 'high';

/** A JSON Schema (draft-07 subset) describing an action's parameters object. */
export type ParametersSchema = Record<string, unknown>;

/** What undoes an applied action. */
export type Rollback = () => void | Promise<void>;

/** What apply() may return: just a rollback, or a rollback with the state before and after. */
export type ApplyOutcome =
  | Rollback
  | { rollback: Rollback; before?: unknown; after?: unknown }
  | undefined
  | void;

export interface ActionDefinition<P = Record<string, unknown>> {
  /** Unique, kebab-case: "trigger-gc", "switch-topology". */
  name: string;
  description: string;
  impact: Level;
  risk: Level;
  /** JSON Schema of the parameters object; parameters are validated against it before apply. */
  parameters?: ParametersSchema;
  /** Makes the change. Throwing marks the change failed; nothing is left to roll back. */
  apply(params: P): ApplyOutcome | Promise<ApplyOutcome>;
}

export type ChangeState = 'applied' | 'confirmed' | 'rolled_back' | 'failed';

export interface ChangeRecord {
  id: string;
  action: string;
  parameters: Record<string, unknown>;
  state: ChangeState;
  before?: unknown;
  after?: unknown;
  error?: string;
  appliedAt: string;
  /** When an unconfirmed change is rolled back by the process itself. */
  leaseExpiresAt?: string;
  confirmedAt?: string;
  rolledBackAt?: string;
  /** Why it was rolled back: "requested", "lease-expired". */
  rollbackReason?: string;
}
