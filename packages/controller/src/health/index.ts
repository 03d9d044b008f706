export {
  ANALYZE_AREAS,
  type AnalyzeArea,
  type AnalyzeOptions,
  AREA_FIELD,
  type AreaAnalysis,
  analyzeArea,
} from './analyze.js';
export {
  type AreaAlertLike,
  alertConcerns,
  type ComponentHealth,
  componentHealth,
  HEALTH_AREAS,
  type HealthArea,
} from './components.js';
export { emptyCurrentMetrics, readCurrentMetrics } from './current-metrics.js';
export {
  calculateOptimizationImpact,
  type DashboardAlertLike,
  type DashboardAlertStatus,
  type DashboardOptions,
  getDashboardData,
  groupAlerts,
  type OptimizationImpact,
  type PerformanceDashboard,
} from './dashboard.js';
export {
  DEFAULT_PERIOD_MS,
  type MetricHistory,
  type MetricHistoryOptions,
  readHistory,
  TREND_FIELDS,
  type TrendField,
} from './history.js';
export { type LiveMetrics, readLiveMetrics } from './live.js';
export {
  CURRENT_METRIC_QUERIES,
  type CurrentMetricQuery,
  currentMetricQuery,
  type Reduce,
  reduceValues,
} from './metric-queries.js';
export {
  DEFAULT_HORIZON_MS,
  PREDICTION_THRESHOLDS,
  type Prediction,
  type PredictionOptions,
  type PredictionThreshold,
  predictAll,
  predictSeries,
  readPredictions,
} from './predictions.js';
export {
  generateRecommendations,
  type Priority,
  RECOMMENDATION_RULES,
  type Recommendation,
  type RecommendationMetric,
  type RecommendationRule,
} from './recommendations.js';
export {
  calculateAvailability,
  calculateEfficiency,
  calculatePerformanceScore,
  calculateSystemHealth,
  HEALTH_THRESHOLDS,
  HEALTH_WEIGHTS,
  levelOf,
  PERFORMANCE_THRESHOLDS,
  SCORE_AT,
  scoreMetric,
  statusOfScore,
} from './scores.js';
export { matchesTarget, type TargetFilter } from './target.js';
export {
  analyseTrend,
  analyseTrends,
  readTrends,
  type Trend,
  type TrendAnalysis,
  type TrendDirection,
  type TrendOptions,
} from './trends.js';
export type * from './types.js';
