import { errorMessage, logOnce } from '../../diag/log.js';
import { withEpochProbe } from './callbacks.js';
import type { TfjsReporter } from './reporter.js';
import type { CustomCallbackCtor, FitArgsLike, ModelLike } from './types.js';

type Method = (this: ModelLike, ...args: unknown[]) => unknown;

/** Set on the options object we pass on, so a nested fit (Sequential → inner model) adds nothing. */
const INSTRUMENTED = Symbol.for('claude-zen.otel.tfjs.fit');

/**
 * Wraps `fit(x, y, args)` (argsIndex 2) or `fitDataset(dataset, args)` (argsIndex 1): the call gets
 * a copy of `args` whose callbacks include an epoch-end probe reporting epoch, total epochs, loss
 * and accuracy. If anything about that fails, the original call runs with the original arguments.
 */
export function wrapFit(
  reporter: TfjsReporter,
  argsIndex: number,
  customCallback: () => CustomCallbackCtor | undefined,
) {
  return (original: Method): Method =>
    function instrumentedFit(this: ModelLike, ...args: unknown[]) {
      let call = args;
      try {
        const given = args[argsIndex];
        const fitArgs = (given ?? {}) as FitArgsLike;
        if (typeof fitArgs === 'object' && !fitArgs[INSTRUMENTED as unknown as string]) {
          const initial = typeof fitArgs.initialEpoch === 'number' ? fitArgs.initialEpoch : 0;
          const total = typeof fitArgs.epochs === 'number' ? fitArgs.epochs : argsIndex === 2 ? 1 : undefined;
          const callbacks = withEpochProbe(
            fitArgs.callbacks,
            (epoch, logs) => reporter.epoch(this, epoch + 1, total, logs),
            customCallback(),
          );
          if (callbacks !== undefined) {
            call = args.slice();
            while (call.length <= argsIndex) call.push(undefined);
            call[argsIndex] = { ...fitArgs, callbacks, [INSTRUMENTED]: true };
            reporter.epoch(this, initial, total, undefined);
          }
        }
      } catch (err) {
        call = args;
        logOnce('tfjs-fit', `tfjs instrumentation: training progress not observed: ${errorMessage(err)}`);
      }
      return original.apply(this, call);
    };
}
