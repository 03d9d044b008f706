import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let cached: (() => void) | undefined;

/**
 * A full (major, compacting) garbage collection, even without --expose-gc: the flag is turned on
 * for one fresh context, whose `gc` global is kept, and turned off again.
 */
export function collectGarbage(): void {
  if (!cached) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (typeof existing === 'function') cached = existing;
    else {
      setFlagsFromString('--expose-gc');
      try {
        cached = runInNewContext('gc') as () => void;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
  }
  cached();
}
