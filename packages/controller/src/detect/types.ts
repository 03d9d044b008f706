/** One observation: `t` in milliseconds since the epoch, `v` the value. */
export interface Sample {
  t: number;
  v: number;
}

/** Values that may appear in a detector's evidence. */
export type EvidenceValue = number | string | boolean | null;

/**
 * A detector's verdict on one point or window. `score` is normalised: > 1 means anomalous
 * (>= the warning level), it is finite and >= 0. `expected` is what the detector expected and
 * [`lower`, `upper`] the band it accepts; `lower <= expected <= upper` always.
 */
export interface ScoreResult {
  score: number;
  expected: number;
  lower: number;
  upper: number;
  severity: Severity;
  evidence: Record<string, EvidenceValue>;
}

export type Severity = 'none' | 'warning' | 'critical';

/** A streaming verdict: the score plus whether this row is a detection. */
export interface StreamingResult extends ScoreResult {
  detection: boolean;
}

/** A detector run row by row in time order; it owns its own history. */
export interface StreamingDetector {
  update(t: number, v: number): StreamingResult;
}

/** Raw parameters as given by a user (strings from a command line, or typed values). */
export type RawParams = Record<string, string | number | boolean | undefined>;

/** One parameter of a detector: its type, default, bounds and what it means. */
export type ParamSpec =
  | {
      type: 'number';
      default?: number;
      min?: number;
      max?: number;
      integer?: boolean;
      /** No default and not required: left undefined when not given. */
      optional?: boolean;
      description: string;
    }
  | { type: 'duration'; default?: number; min?: number; description: string }
  | { type: 'boolean'; default?: boolean; description: string }
  | { type: 'enum'; default?: string; values: readonly string[]; description: string };

export type ParamSpecs = Record<string, ParamSpec>;

/** A detector: pure `fit` and `score`, plus a streaming form. */
export interface Detector<P, M> {
  readonly name: string;
  readonly description: string;
  readonly params: ParamSpecs;
  /** Validates and completes raw parameters (defaults filled in); throws DetectError naming the fix. */
  resolve(raw?: RawParams): P;
  fit(samples: readonly Sample[], params: P): M;
  /** Scores one sample, or the window of samples ending at the last one. */
  score(model: M, input: Sample | readonly Sample[]): ScoreResult;
  createStreaming(params: P): StreamingDetector;
}
