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
  // biome-ignore lint/suspicious/noConfusingVoidType: lets apply() simply not return anything
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

/** What GET /v1/actions lists for each action. */
export interface ActionDescriptor {
  name: string;
  description: string;
  impact: Level;
  risk: Level;
  parameters: ParametersSchema;
  builtin: boolean;
}

/**
 * applied → confirmed | rolled_back | rollback_failed; a failed apply is "failed" (nothing to undo).
 * A "rollback_failed" change may still be in effect; rolling it back again retries.
 */
export type ChangeState = 'applied' | 'confirmed' | 'rolled_back' | 'failed' | 'rollback_failed';

export const CHANGE_STATES: readonly ChangeState[] = [
  'applied',
  'confirmed',
  'rolled_back',
  'failed',
  'rollback_failed',
];

/** Why a change was rolled back. */
export type RollbackReason = 'requested' | 'lease-expired';

export interface ChangeRecord {
  id: string;
  action: string;
  parameters: Record<string, unknown>;
  state: ChangeState;
  before?: unknown;
  after?: unknown;
  /** Why apply failed ("failed") or why the rollback failed ("rollback_failed"). */
  error?: string;
  appliedAt: string;
  /** When an unconfirmed change is rolled back by the process itself. */
  leaseExpiresAt?: string;
  confirmedAt?: string;
  rolledBackAt?: string;
  /** Why it was rolled back: "requested", "lease-expired". */
  rollbackReason?: RollbackReason;
}

/** Read-only counts for self-observability (turn into metrics). */
export interface ChangeSummary {
  /** Changes currently kept in the ring, by state. */
  current: Record<ChangeState, number>;
  /** Monotonic: how many times a change entered each state since the process started. */
  transitions: Record<ChangeState, number>;
  /** Unconfirmed changes with a running lease timer. */
  activeLeases: number;
  /** Records dropped from the ring because of maxChanges. */
  evicted: number;
}
