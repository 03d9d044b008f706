import type { CustomCallbackCtor } from './types.js';

export type EpochProbe = (epoch: number, logs: Record<string, unknown> | undefined) => void;

type CallbackConfig = Record<string, unknown> & { onEpochEnd?: unknown };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** A user's callback config with our probe run first in its onEpochEnd; everything else inherited. */
function chain(config: CallbackConfig, probe: EpochProbe): CallbackConfig {
  const user = config.onEpochEnd;
  const derived = Object.create(config) as CallbackConfig;
  derived.onEpochEnd = function onEpochEnd(this: unknown, epoch: number, logs?: Record<string, unknown>) {
    try {
      probe(epoch, logs);
    } catch {
      // the probe never throws into training
    }
    return typeof user === 'function' ? user.call(this, epoch, logs) : undefined;
  };
  return derived;
}

/**
 * The `callbacks` option of `fit`/`fitDataset` with an epoch-end probe added, in whatever shape
 * the user gave it, so that tfjs treats the user's callbacks exactly as before:
 * - nothing → `{ onEpochEnd }` (tfjs's default is an empty config object, same yielding);
 * - a config object `{ onEpochEnd?, onBatchEnd?, ... }` → a derived object whose onEpochEnd runs
 *   the probe then the user's (other hooks inherited, the same single CustomCallback);
 * - an array of config objects → the first one derived as above;
 * - a Callback instance or an array of them → the same list plus a CustomCallback that never
 *   yields (needs tfjs-layers' CustomCallback).
 * Returns undefined when the shape is not recognised: the caller then leaves the option alone.
 */
export function withEpochProbe(
  callbacks: unknown,
  probe: EpochProbe,
  CustomCallback: CustomCallbackCtor | undefined,
): unknown {
  const baseProto = CustomCallback ? Object.getPrototypeOf(CustomCallback.prototype) : undefined;
  const isCallback = (x: unknown) =>
    isObject(x) && isObject(baseProto) && Object.prototype.isPrototypeOf.call(baseProto, x);
  const probeCallback = () =>
    CustomCallback ? new CustomCallback({ onEpochEnd: chain({}, probe).onEpochEnd }, 'never') : undefined;

  if (callbacks === undefined || callbacks === null) return { onEpochEnd: chain({}, probe).onEpochEnd };
  if (isCallback(callbacks)) {
    const extra = probeCallback();
    return extra ? [callbacks, extra] : undefined;
  }
  if (Array.isArray(callbacks)) {
    if (callbacks.length === 0 || isCallback(callbacks[0])) {
      const extra = probeCallback();
      return extra ? [...callbacks, extra] : undefined;
    }
    if (!isObject(callbacks[0])) return undefined;
    return [chain(callbacks[0], probe), ...callbacks.slice(1)];
  }
  if (isObject(callbacks)) return chain(callbacks, probe);
  return undefined;
}
