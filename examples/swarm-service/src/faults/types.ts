export const FAULT_NAMES = ['leak', 'cpu', 'latency', 'slow-inference', 'errors'] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

/** Other names a fault answers to (`cpu-burn` is the CPU burn's file and class name). */
export const FAULT_ALIASES: Readonly<Record<string, FaultName>> = { 'cpu-burn': 'cpu' };

/** A fault that really degrades the process while it is enabled. */
export interface Fault {
  readonly name: FaultName;
  readonly description: string;
  readonly enabled: boolean;
  enable(): void | Promise<void>;
  disable(): void | Promise<void>;
  /** Current figures (bytes retained, share of errors, ...). */
  describe(): Record<string, unknown>;
}
