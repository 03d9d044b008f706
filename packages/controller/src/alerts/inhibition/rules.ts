import { SilenceError } from '../silences/errors.js';
import { parseMatcher, parseMatchers } from '../silences/matchers.js';
import type { Matcher } from '../silences/types.js';
import type { InhibitRule } from './types.js';

/** The default: a critical alert hides a warning of the same target (same job and instance). */
export const DEFAULT_INHIBIT_RULES: readonly InhibitRule[] = [
  {
    source_matchers: [{ name: 'severity', value: 'critical', isRegex: false, isEqual: true }],
    target_matchers: [{ name: 'severity', value: 'warning', isRegex: false, isEqual: true }],
    equal: ['job', 'instance'],
  },
];

function invalid(message: string, field: string): never {
  throw new SilenceError('invalid_silence', message, field);
}

/** Alertmanager's older `source_match` / `source_match_re` maps (label → value or regex) as matchers. */
function legacyMatchers(o: Record<string, unknown>, side: 'source' | 'target', field: string): Matcher[] {
  const out: Matcher[] = [];
  for (const [key, isRegex] of [
    [`${side}_match`, false],
    [`${side}_match_re`, true],
  ] as const) {
    const map = o[key];
    if (map === undefined) continue;
    if (typeof map !== 'object' || map === null || Array.isArray(map))
      invalid('must be a map of label name to value', `${field}.${key}`);
    for (const [name, value] of Object.entries(map as Record<string, unknown>)) {
      if (typeof value !== 'string') invalid('must be a string', `${field}.${key}.${name}`);
      out.push(parseMatcher({ name, value, isRegex, isEqual: true }, `${field}.${key}.${name}`));
    }
  }
  return out;
}

function side(o: Record<string, unknown>, which: 'source' | 'target', field: string): Matcher[] {
  const key = `${which}_matchers`;
  const modern = o[key] === undefined ? [] : parseMatchers(o[key], `${field}.${key}`);
  const matchers = [...modern, ...legacyMatchers(o, which, field)];
  if (matchers.length === 0)
    invalid(
      `needs ${key} (e.g. ["severity=\\"critical\\""]) or ${which}_match: an empty side would match every alert`,
      `${field}.${key}`,
    );
  return matchers;
}

/**
 * Checks inhibition rules in Alertmanager's format: `source_matchers`, `target_matchers` (strings
 * like `severity="critical"` or matcher objects) and `equal`; the older `source_match`,
 * `source_match_re`, `target_match`, `target_match_re` maps are read too. Errors name the field.
 */
export function parseInhibitRules(raw: unknown, field = 'inhibit_rules'): InhibitRule[] {
  if (!Array.isArray(raw)) invalid('must be a list of rules', field);
  return raw.map((r, i) => {
    const f = `${field}[${i}]`;
    if (typeof r !== 'object' || r === null || Array.isArray(r))
      invalid('must be an object { source_matchers, target_matchers, equal }', f);
    const o = r as Record<string, unknown>;
    const known = new Set([
      'source_matchers',
      'target_matchers',
      'equal',
      'source_match',
      'source_match_re',
      'target_match',
      'target_match_re',
    ]);
    for (const k of Object.keys(o))
      if (!known.has(k)) invalid(`unknown key; use source_matchers, target_matchers and equal`, `${f}.${k}`);
    const equal = o.equal ?? [];
    if (!Array.isArray(equal) || equal.some((e) => typeof e !== 'string' || e === ''))
      invalid('must be a list of label names', `${f}.equal`);
    return {
      source_matchers: side(o, 'source', f),
      target_matchers: side(o, 'target', f),
      equal: equal as string[],
    };
  });
}
