import { SilenceError } from '../silences/errors.js';
import { parseMatchers } from '../silences/matchers.js';
import type { InhibitRule } from './types.js';

/** The default: a critical alert hides a warning of the same target (same job and instance). */
export const DEFAULT_INHIBIT_RULES: readonly InhibitRule[] = [
  {
    source_matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }],
    target_matchers: [{ name: 'severity', value: 'warning', isRegex: false, isEqual: true }],
    equal: ['job', 'instance'],
  },
];

/** Checks inhibition rules (matchers as objects or strings like `severity="critical"`); errors name the field. */
export function parseInhibitRules(raw: unknown, field = 'inhibit_rules'): InhibitRule[] {
  if (!Array.isArray(raw)) throw new SilenceError('invalid_silence', 'must be a list of rules', field);
  return raw.map((r, i) => {
    const f = `${field}[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      throw new SilenceError(
        'invalid_silence',
        'must be an object { source_matchers, target_matchers, equal }',
        f,
      );
    const o = r as Record<string, unknown>;
    const equal = o.equal ?? [];
    if (!Array.isArray(equal) || equal.some((e) => typeof e !== 'string' || e === ''))
      throw new SilenceError('invalid_silence', 'must be a list of label names', `${f}.equal`);
    return {
      source_matchers: parseMatchers(o.source_matchers, `${f}.source_matchers`),
      target_matchers: parseMatchers(o.target_matchers, `${f}.target_matchers`),
      equal: equal as string[],
    };
  });
}
