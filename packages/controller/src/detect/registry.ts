import { comparativeAnalysis } from './comparative-analysis.js';
import { dynamicThreshold } from './dynamic-threshold.js';
import { DetectError } from './errors.js';
import { mlAnomalyDetection } from './ml-anomaly-detection.js';
import { performanceDegradation } from './performance-degradation.js';
import { predictive } from './predictive.js';
import { streamingEnsemble } from './streaming-ensemble.js';
import { threshold } from './threshold.js';
import { trendAnalysis } from './trend-analysis.js';
import type { Detector, RawParams, StreamingDetector } from './types.js';

// biome-ignore lint/suspicious/noExplicitAny: a registry of detectors with different parameter and model types
export type AnyDetector = Detector<any, any>;

/** Every detector by name. `default` is the general-purpose streaming detector. */
export const DETECTORS: Readonly<Record<string, AnyDetector>> = {
  threshold,
  'dynamic-threshold': dynamicThreshold,
  'trend-analysis': trendAnalysis,
  'performance-degradation': performanceDegradation,
  'ml-anomaly-detection': mlAnomalyDetection,
  'comparative-analysis': comparativeAnalysis,
  predictive,
  'streaming-ensemble': streamingEnsemble,
};

/** The name `default` resolves to. */
export const DEFAULT_DETECTOR = 'streaming-ensemble';

export function detectorNames(): string[] {
  return ['default', ...Object.keys(DETECTORS)];
}

/** The detector called `name` (or `default`); an unknown name is an error listing the known ones. */
export function getDetector(name: string): AnyDetector {
  const d = DETECTORS[name === 'default' ? DEFAULT_DETECTOR : name];
  if (!d || !Object.hasOwn(DETECTORS, name === 'default' ? DEFAULT_DETECTOR : name))
    throw new DetectError(
      'unknown_detector',
      `unknown detector "${name}"; known detectors: ${detectorNames().join(', ')}`,
    );
  return d;
}

/** A streaming detector by name with raw (validated) parameters: `{ update(t, v) → result }`. */
export function createStreamingDetector(name: string, params: RawParams = {}): StreamingDetector {
  const d = getDetector(name);
  return d.createStreaming(d.resolve(params));
}
