import type { EvidenceValue } from '../../detect/types.js';

/** Where an alert of one (rule, series) stands, as in Prometheus (plus `resolved`, kept for the cooldown). */
export type AlertState = 'inactive' | 'pending' | 'firing' | 'resolved';

/** Timing of one rule's alerts, all in milliseconds. */
export interface AlertTiming {
  /** How long a condition must hold before the alert fires (0: fires at once). */
  forMs: number;
  /** How long a firing alert keeps firing after its condition cleared. */
  keepFiringForMs: number;
  /** After an alert resolved, how long before the same series may alert again. */
  cooldownMs: number;
}

/** One series' verdict at one evaluation: `active` when the detector says anomalous. */
export interface SeriesObservation {
  /** The alert's labels (series labels + rule labels + alertname); they identify the alert. */
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  active: boolean;
  value: number;
  /** The alert severity (after the rule's mapping); ignored while inactive. */
  severity: string;
  score: number;
  expected: number;
  lower: number;
  upper: number;
  evidence: Record<string, EvidenceValue>;
}

/** A state change of one alert. `at` is the evaluation time in ms since the epoch. */
export interface AlertStateChange {
  rule: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  fingerprint: string;
  from: AlertState;
  to: AlertState;
  at: number;
  /** When the condition started to hold (pending/firing), in ms. */
  activeAt: number | null;
  value: number;
  severity: string;
  score: number;
  expected: number;
  lower: number;
  upper: number;
  evidence: Record<string, EvidenceValue>;
}

/** What the machine remembers of one alert (exported so a reload can carry it over). */
export interface AlertRecord {
  fingerprint: string;
  state: AlertState;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  activeAt: number | null;
  firedAt: number | null;
  lastActiveAt: number | null;
  resolvedAt: number | null;
  last: SeriesObservation;
}
