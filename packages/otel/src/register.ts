/**
 * The preload: `node --require @claude-zen/otel app.js`. Starts everything from the
 * environment; a broken configuration or a failure of any part is one log line on stderr and
 * the application runs on. Loaded twice (e.g. --require and --import), it starts once.
 */
import { errorMessage, log } from './diag/log.js';
import { type Preload, startPreload } from './sdk/start.js';

const KEY = Symbol.for('claude-zen.otel.preload');
type Global = typeof globalThis & { [KEY]?: Preload | null };
const g = globalThis as Global;

if (g[KEY] === undefined) {
  g[KEY] = null;
  try {
    g[KEY] = startPreload() ?? null;
  } catch (err) {
    log(`instrumentation disabled, the application continues: ${errorMessage(err)}`);
  }
}

export * from './index.js';
