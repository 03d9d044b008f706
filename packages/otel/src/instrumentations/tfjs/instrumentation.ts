import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { neural } from '../../collectors/neural/recorder.js';
import { errorMessage, logOnce } from '../../diag/log.js';
import { BackendResolver } from './backend.js';
import { wrapAsyncInference, wrapSyncInference } from './inference.js';
import { TfjsReporter } from './reporter.js';
import {
  GRAPH_ASYNC_METHODS,
  GRAPH_SYNC_METHODS,
  LAYERS_FIT_METHODS,
  LAYERS_SYNC_METHODS,
  MODULE_CONVERTER,
  MODULE_CORE,
  MODULE_LAYERS,
  MODULE_TFJS,
  SUPPORTED_VERSIONS,
} from './semconv.js';
import { wrapFit } from './training.js';
import type {
  ConverterExports,
  CoreExports,
  CustomCallbackCtor,
  LayersExports,
  TfjsInstrumentationConfig,
} from './types.js';

export const INSTRUMENTATION_NAME = '@claude-zen/otel/instrumentation-tfjs';
export const INSTRUMENTATION_VERSION = '0.1.0';

type AnyMethod = (...args: unknown[]) => unknown;
type Wrapper = (original: AnyMethod) => AnyMethod;

/**
 * Auto-instrumentation of TensorFlow.js. When the app loads `@tensorflow/tfjs` (or
 * `@tensorflow/tfjs-layers` / `@tensorflow/tfjs-converter` directly), by `require` or by `import`
 * under `--import @claude-zen/otel`, it patches the model classes' prototypes:
 * - LayersModel / Sequential `predict`, `predictOnBatch`, `execute` and GraphModel `predict`,
 *   `execute`, `predictAsync`, `executeAsync` → one inference record per outermost call (model
 *   name, backend, duration, batch size);
 * - LayersModel / Sequential `fit`, `fitDataset` → an epoch-end probe added to the call's callbacks
 *   → training steps (epoch, total epochs, loss, accuracy);
 * - the first time a model is seen, its weight memory.
 * The backend comes from tfjs-core's `getBackend()`. Every patch falls back to the original call.
 *
 * Module loading: the tfjs packages are CommonJS in Node. `require` (also nested, from inside
 * `@tensorflow/tfjs`) is seen by require-in-the-middle. Under `--import @claude-zen/otel`, the
 * import-in-the-middle loader hook sees ESM `import`s of them and passes their exports to the same
 * module definitions. With `--require` alone, an ESM `import '@tensorflow/tfjs'` is still covered
 * (its nested requires of tfjs-layers and tfjs-converter go through require), but a direct `import`
 * of `@tensorflow/tfjs-layers` is not: that needs `--import`.
 */
export class TfjsInstrumentation extends InstrumentationBase<TfjsInstrumentationConfig> {
  private readonly backend = new BackendResolver();
  private readonly reporter = new TfjsReporter(() => this.getConfig().sink ?? neural, this.backend);

  constructor(config: TfjsInstrumentationConfig = {}) {
    super(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION, config);
  }

  protected init() {
    const definition = (
      name: string,
      patch: (exports: unknown) => void,
      unpatch: (exports: unknown) => void,
    ) =>
      new InstrumentationNodeModuleDefinition(
        name,
        SUPPORTED_VERSIONS,
        (exports: unknown) => {
          this.safely(name, () => patch(exports));
          return exports;
        },
        (exports: unknown) => {
          this.safely(name, () => unpatch(exports));
        },
      );
    const models = (exports: unknown) => {
      this.patchLayers(exports as LayersExports);
      this.patchConverter(exports as ConverterExports);
    };
    const unpatchModels = (exports: unknown) => {
      this.unpatchLayers(exports as LayersExports);
      this.unpatchConverter(exports as ConverterExports);
    };
    return [
      definition(
        MODULE_CORE,
        (e) => this.backend.setCore(e as CoreExports),
        () => {},
      ),
      definition(
        MODULE_LAYERS,
        (e) => this.patchLayers(e as LayersExports),
        (e) => this.unpatchLayers(e as LayersExports),
      ),
      definition(
        MODULE_CONVERTER,
        (e) => this.patchConverter(e as ConverterExports),
        (e) => this.unpatchConverter(e as ConverterExports),
      ),
      definition(
        MODULE_TFJS,
        (e) => {
          this.backend.setCore(e as CoreExports);
          models(e);
        },
        unpatchModels,
      ),
    ];
  }

  /** Patches LayersModel and Sequential from a tfjs-layers (or tfjs) exports object. */
  patchLayers(exports: LayersExports): void {
    if (!exports) return;
    const customCallback = (): CustomCallbackCtor | undefined => exports.CustomCallback;
    for (const cls of [exports.LayersModel, exports.Sequential]) {
      const proto = cls?.prototype as Record<string, unknown> | undefined;
      if (!proto) continue;
      for (const m of LAYERS_SYNC_METHODS) this.patchMethod(proto, m, wrapSyncInference(this.reporter));
      this.patchMethod(proto, LAYERS_FIT_METHODS[0], wrapFit(this.reporter, 2, customCallback));
      this.patchMethod(proto, LAYERS_FIT_METHODS[1], wrapFit(this.reporter, 1, customCallback));
    }
  }

  unpatchLayers(exports: LayersExports): void {
    for (const cls of [exports?.LayersModel, exports?.Sequential]) {
      const proto = cls?.prototype as Record<string, unknown> | undefined;
      if (!proto) continue;
      for (const m of [...LAYERS_SYNC_METHODS, ...LAYERS_FIT_METHODS]) this.unpatchMethod(proto, m);
    }
  }

  /** Patches GraphModel from a tfjs-converter (or tfjs) exports object. */
  patchConverter(exports: ConverterExports): void {
    const proto = exports?.GraphModel?.prototype as Record<string, unknown> | undefined;
    if (!proto) return;
    for (const m of GRAPH_SYNC_METHODS) this.patchMethod(proto, m, wrapSyncInference(this.reporter));
    for (const m of GRAPH_ASYNC_METHODS) this.patchMethod(proto, m, wrapAsyncInference(this.reporter));
  }

  unpatchConverter(exports: ConverterExports): void {
    const proto = exports?.GraphModel?.prototype as Record<string, unknown> | undefined;
    if (!proto) return;
    for (const m of [...GRAPH_SYNC_METHODS, ...GRAPH_ASYNC_METHODS]) this.unpatchMethod(proto, m);
  }

  /** Wraps `proto[name]` if it is an own, not yet wrapped function (subclasses patch their own). */
  private patchMethod(proto: Record<string, unknown>, name: string, wrapper: Wrapper): void {
    if (!Object.hasOwn(proto, name) || typeof proto[name] !== 'function' || isWrapped(proto[name])) return;
    this._wrap(proto, name as keyof typeof proto, wrapper as never);
  }

  private unpatchMethod(proto: Record<string, unknown>, name: string): void {
    if (Object.hasOwn(proto, name) && isWrapped(proto[name])) this._unwrap(proto, name as keyof typeof proto);
  }

  private safely(module: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      logOnce(
        `tfjs-patch:${module}`,
        `tfjs instrumentation: ${module} not instrumented (the app is unaffected): ${errorMessage(err)}`,
      );
    }
  }
}
