import type { CoreExports } from './types.js';

/** tfjs-core keeps its engine on the global object under this key (one engine per process). */
const ENGINE_KEY = '_tfengine';

/**
 * The active tfjs backend ("cpu", "wasm", "webgl", "tensorflow", ...), resolved lazily: from the
 * loaded tfjs-core module's `getBackend()` once it has been seen, otherwise from the global engine
 * tfjs-core registers. Never throws; "unknown" when neither is there.
 */
export class BackendResolver {
  private core?: CoreExports;

  setCore(core: CoreExports | undefined): void {
    if (core && typeof core.getBackend === 'function') this.core = core;
  }

  current(): string {
    try {
      const fromCore = this.core?.getBackend?.();
      if (typeof fromCore === 'string' && fromCore) return fromCore;
    } catch {
      // fall through to the engine
    }
    try {
      const engine = (globalThis as Record<string, unknown>)[ENGINE_KEY] as
        | { backendName?: unknown }
        | undefined;
      const name = engine?.backendName;
      if (typeof name === 'string' && name) return name;
    } catch {
      // unknown
    }
    return 'unknown';
  }
}
