export { type ComparativeAnalysisParams, comparativeAnalysis } from './comparative-analysis.js';
export { type DynamicThresholdParams, dynamicThreshold } from './dynamic-threshold.js';
export { DetectError, type DetectErrorCode } from './errors.js';
export {
  anomalyScore,
  averagePathLength,
  type ForestOptions,
  fitForest,
  type IsolationForest,
} from './isolation-forest/forest.js';
export { createPrng } from './isolation-forest/prng.js';
export {
  alignSeries,
  createMultivariateStreaming,
  featureRow,
  fitMultivariate,
  type MlAnomalyParams,
  type MultivariateModel,
  type MultivariateStreamingDetector,
  mlAnomalyDetection,
  scoreMultivariate,
} from './ml-anomaly-detection.js';
export * as nab from './nab/index.js';
export { asWindow, parseDuration, resolveParams, validatePoint, validateSamples } from './params.js';
export { type PerformanceDegradationParams, performanceDegradation } from './performance-degradation.js';
export { type PredictiveParams, predictive } from './predictive.js';
export {
  type AnyDetector,
  createStreamingDetector,
  DEFAULT_DETECTOR,
  DETECTORS,
  detectorNames,
  getDetector,
} from './registry.js';
export { MAX_SCORE } from './result.js';
export {
  applySensitivity,
  NEUTRAL_SENSITIVITY,
  SENSITIVITY_MAPPINGS,
  sensitivityScale,
} from './sensitivity.js';
export { parseSeriesCsv, parseTimestamp } from './series-csv.js';
export { type StreamingEnsembleParams, streamingEnsemble } from './streaming-ensemble.js';
export { type ThresholdParams, threshold } from './threshold.js';
export { type TrendAnalysisParams, trendAnalysis } from './trend-analysis.js';
export type * from './types.js';
