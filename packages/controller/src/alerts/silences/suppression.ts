import { inhibitor } from '../inhibition/inhibited.js';
import type { InhibitCandidate, InhibitRule } from '../inhibition/types.js';
import type { SilenceStore } from './store.js';

/** Why a firing alert is suppressed: the silence that mutes it and/or the alert that inhibits it. */
export interface AlertSuppression {
  silenceId?: string;
  inhibitedBy?: { fingerprint: string; labels: Record<string, string> };
}

/**
 * Whether a firing alert (labels including its severity) is suppressed at `at`: silenced by an
 * active silence, or inhibited by another firing alert. Undefined when it is not.
 */
export function suppressionOf(
  alert: InhibitCandidate,
  at: number,
  silences: SilenceStore | undefined,
  firing: readonly InhibitCandidate[],
  rules: readonly InhibitRule[],
): AlertSuppression | undefined {
  const silence = silences?.silencedBy(alert.labels, at);
  const source = inhibitor(alert, firing, rules);
  if (!silence && !source) return undefined;
  const why: AlertSuppression = {};
  if (silence) why.silenceId = silence.id;
  if (source) why.inhibitedBy = { fingerprint: source.fingerprint, labels: { ...source.labels } };
  return why;
}
