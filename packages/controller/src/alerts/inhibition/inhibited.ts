import { matchesAll } from '../silences/matchers.js';
import type { InhibitCandidate, InhibitRule } from './types.js';

/**
 * The active alert that inhibits `alert` under `rules`, if any: it matches a rule's source
 * matchers, `alert` matches its target matchers, and both have the same value (a missing label
 * counts as empty) of every `equal` label. An alert never inhibits itself. Pure.
 */
export function inhibitor<T extends InhibitCandidate>(
  alert: InhibitCandidate,
  activeAlerts: readonly T[],
  rules: readonly InhibitRule[],
): T | undefined {
  for (const rule of rules) {
    if (!matchesAll(rule.target_matchers, alert.labels)) continue;
    const source = activeAlerts.find(
      (a) =>
        a.fingerprint !== alert.fingerprint &&
        matchesAll(rule.source_matchers, a.labels) &&
        rule.equal.every((l) => (a.labels[l] ?? '') === (alert.labels[l] ?? '')),
    );
    if (source) return source;
  }
  return undefined;
}

/** Whether `alert` is inhibited by one of `activeAlerts` (which should be the firing ones). */
export function inhibited(
  alert: InhibitCandidate,
  activeAlerts: readonly InhibitCandidate[],
  rules: readonly InhibitRule[],
): boolean {
  return inhibitor(alert, activeAlerts, rules) !== undefined;
}
