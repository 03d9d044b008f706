/** A Prometheus recording rule (`record:` / `expr:`). */
export interface RecordingRule {
  record: string;
  expr: string;
}

/** A Prometheus alerting rule; durations as Prometheus duration text (`5m`). */
export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** One rule group of a Prometheus rule file: one per exported controller rule. */
export interface RuleGroup {
  name: string;
  interval: string;
  rules: (RecordingRule | AlertingRule)[];
}

/** A controller rule that PromQL alone cannot express: it stays in the controller. */
export interface SkippedRule {
  rule: string;
  type: string;
  reason: string;
}

/** Where the exported rule behaves differently from the controller's detector. */
export interface Approximation {
  rule: string;
  note: string;
}

/** The result of translating rules: the groups, what was left out and what is approximated. */
export interface PrometheusExport {
  groups: RuleGroup[];
  skipped: SkippedRule[];
  approximations: Approximation[];
}

/**
 * What one rule type translates into, over the rule's value series `V` (a recording rule of the
 * rule's query): intermediate and band recording rules, and the alert expressions (each returns
 * the value series where the detector would call the point anomalous).
 */
export interface Translation {
  records: RecordingRule[];
  /** The series at or beyond the warning level (the controller's "active"). */
  warning: string;
  /** The series at the critical level, for the types that have one. */
  critical?: string;
  approximations: string[];
}
