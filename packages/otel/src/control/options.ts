import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlError } from './errors.js';
import type { ActionRegistry } from './registry.js';

export interface ControlServerOptions {
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Port; default 9465; 0 picks a free one. */
  port?: number;
  /** Bearer token every request must carry (at least 16 characters). */
  token: string;
  /** Lease of an applied change before the process rolls it back by itself; default 120000. */
  leaseMs?: number;
  /** How many change records are kept in memory; default 500. */
  maxChanges?: number;
  /** Largest accepted request body in bytes; default 65536. */
  bodyLimitBytes?: number;
  /** Folder for heap snapshots and CPU profiles; default os.tmpdir()/claude-zen-diagnostics. */
  diagnosticsDir?: string;
  /** One line per notable event (listen, apply, rollback, lease expiry, failure); default: silent. */
  logger?: (line: string) => void;
  /** Where app actions live; default the `actions` singleton. Built-ins are added on top. */
  actions?: ActionRegistry;
}

export type ResolvedControlOptions = Required<Omit<ControlServerOptions, 'actions'>> &
  Pick<ControlServerOptions, 'actions'>;

export const DEFAULT_CONTROL_PORT = 9465;
export const DEFAULT_LEASE_MS = 120_000;
export const MAX_LEASE_MS = 24 * 60 * 60 * 1000;
export const MIN_LEASE_MS = 100;

export function defaultDiagnosticsDir(): string {
  return join(tmpdir(), 'claude-zen-diagnostics');
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ControlError(
      'invalid_options',
      `control option ${name} must be an integer from ${min} to ${max}`,
    );
  }
  return value;
}

/** Fills defaults and rejects out-of-range values with the option's name. */
export function resolveOptions(o: ControlServerOptions): ResolvedControlOptions {
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) {
    throw new ControlError(
      'invalid_options',
      'control option host must be a non-empty string, e.g. 127.0.0.1',
    );
  }
  return {
    host: o.host ?? '127.0.0.1',
    port: integer('port', o.port, DEFAULT_CONTROL_PORT, 0, 65535),
    token: o.token,
    leaseMs: integer('leaseMs', o.leaseMs, DEFAULT_LEASE_MS, MIN_LEASE_MS, MAX_LEASE_MS),
    maxChanges: integer('maxChanges', o.maxChanges, 500, 1, 1_000_000),
    bodyLimitBytes: integer('bodyLimitBytes', o.bodyLimitBytes, 64 * 1024, 64, 64 * 1024 * 1024),
    diagnosticsDir: o.diagnosticsDir ?? defaultDiagnosticsDir(),
    logger: o.logger ?? (() => {}),
    actions: o.actions,
  };
}
