import type { Sample } from '../../detect/types.js';
import type { Recommendation } from '../../health/recommendations.js';

export type { Sample };

/** Where the current value stands against the window before it. */
export interface HistoricalContext {
  /** Median of the window. */
  baseline: number;
  /** Median ± 3 scaled MADs (1.4826·MAD), the usual robust band. */
  band: { lower: number; upper: number };
  /** Share of window samples at or below the current value, 0..100. */
  percentile: number;
  samples: number;
}

export interface AlertTrend {
  direction: 'rising' | 'falling' | 'stable';
  /** Slope of the least-squares line, units per hour. */
  slopePerHour: number;
  /** Change of the fitted line over the window, percent of its start (0 when the start is 0). */
  changePct: number;
}

/** One possible cause of an alert. `confidence` is 0..1. */
export interface RootCause {
  cause: string;
  confidence: number;
  evidence: string;
  /** `correlation`: moved with the alert series; `known`: the seed's rule of thumb held. */
  source: 'correlation' | 'known';
  remediation?: string;
  /** For correlations: Pearson r and the samples it used. */
  r?: number;
  samples?: number;
}

/** A named candidate series for correlation. */
export interface CandidateSeries {
  name: string;
  samples: readonly Sample[];
}

export type AlertImpact = 'low' | 'medium' | 'high' | 'critical';

/** A firing alert with what helps a person act on it. Missing parts are listed in `notes`. */
export interface EnrichedAlert {
  fingerprint: string;
  rule: string;
  labels: Record<string, string>;
  title: string;
  description: string;
  value: number;
  severity: string;
  status: 'active' | 'resolved';
  at: number;
  score: number;
  expected: number;
  lower: number;
  upper: number;
  context: HistoricalContext | null;
  trend: AlertTrend | null;
  rootCauses: RootCause[];
  recommendations: Recommendation[];
  impact: { level: AlertImpact; category: string; summary: string };
  /** Parts that could not be computed and why (a failed query, too few samples). */
  notes: string[];
}
