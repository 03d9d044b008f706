import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { TfjsReporter } from './reporter.js';
import type { ModelLike } from './types.js';

type Method = (this: ModelLike, ...args: unknown[]) => unknown;

/**
 * Nesting guards: `Sequential.predict` calls its inner model's `predict`, `GraphModel.predict`
 * calls `execute`, `predictAsync` calls `executeAsync`. Only the outermost call is recorded.
 * Synchronous calls cannot interleave, so a depth counter is exact; async ones carry a flag in
 * their async context.
 */
let syncDepth = 0;
const asyncScope = new AsyncLocalStorage<true>();

/**
 * Wraps a synchronous inference method (`predict`, `predictOnBatch`, `execute`). The duration is
 * the time of the call: on the cpu, wasm and tensorflow (tfjs-node) backends kernels run
 * synchronously, so the result's values are computed when the call returns; on GPU backends
 * (webgl, webgpu) it is the time to enqueue the work, without waiting for the data to download.
 * Calls that throw are not recorded; their error reaches the caller unchanged.
 */
export function wrapSyncInference(reporter: TfjsReporter) {
  return (original: Method): Method =>
    function instrumentedInference(this: ModelLike, ...args: unknown[]) {
      if (syncDepth > 0 || asyncScope.getStore()) return original.apply(this, args);
      syncDepth++;
      let result: unknown;
      const start = performance.now();
      try {
        result = original.apply(this, args);
      } finally {
        syncDepth--;
      }
      reporter.inference(this, args[0], performance.now() - start);
      return result;
    };
}

/**
 * Wraps an asynchronous inference method (`predictAsync`, `executeAsync`): timed until the
 * returned promise resolves. Rejections pass through unrecorded.
 */
export function wrapAsyncInference(reporter: TfjsReporter) {
  return (original: Method): Method =>
    function instrumentedAsyncInference(this: ModelLike, ...args: unknown[]) {
      if (syncDepth > 0 || asyncScope.getStore()) return original.apply(this, args);
      const start = performance.now();
      const result = asyncScope.run(true, () => original.apply(this, args));
      if (!result || typeof (result as Promise<unknown>).then !== 'function') {
        reporter.inference(this, args[0], performance.now() - start);
        return result;
      }
      return (result as Promise<unknown>).then((value) => {
        reporter.inference(this, args[0], performance.now() - start);
        return value;
      });
    };
}
