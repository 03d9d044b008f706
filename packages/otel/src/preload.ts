import type { Preload } from './sdk/start.js';

const KEY = Symbol.for('claude-zen.otel.preload');

/** The preload running in this process (started by --require/--import), if any. */
export function currentPreload(): Preload | undefined {
  return (globalThis as { [KEY]?: Preload | null })[KEY] ?? undefined;
}
