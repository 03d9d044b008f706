import type { Matcher } from '../silences/types.js';

/**
 * An inhibition rule as in Alertmanager: while an alert matching `source_matchers` fires, alerts
 * matching `target_matchers` that have the same values of every `equal` label are suppressed.
 */
export interface InhibitRule {
  source_matchers: Matcher[];
  target_matchers: Matcher[];
  equal: string[];
}

/** What `inhibited` looks at of an alert: its identity and labels (severity included). */
export interface InhibitCandidate {
  fingerprint: string;
  labels: Readonly<Record<string, string>>;
}
