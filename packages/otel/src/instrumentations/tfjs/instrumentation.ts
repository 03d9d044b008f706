import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Placeholder being replaced by the TensorFlow.js instrumentation (in progress). */
export class TfjsInstrumentation extends InstrumentationBase {
  constructor(config: InstrumentationConfig = {}) {
    super('@claude-zen/otel/tfjs', '0.1.0', config);
  }
  protected init() {
    return [];
  }
}
