import { SilenceError } from './errors.js';
import type { Matcher } from './types.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const regexCache = new Map<string, RegExp>();

function anchored(value: string): RegExp {
  let re = regexCache.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`);
    regexCache.set(value, re);
  }
  return re;
}

/** Whether one matcher matches a label set (a missing label counts as the empty string, as in Alertmanager). */
export function matcherMatches(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[m.name] ?? '';
  const hit = m.isRegex ? anchored(m.value).test(v) : v === m.value;
  return m.isEqual ? hit : !hit;
}

/** Whether every matcher matches. */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => matcherMatches(m, labels));
}

/**
 * Checks one matcher: an object `{ name, value, isRegex?, isEqual? }` or a string such as
 * `severity="critical"`, `job!=x`, `instance=~"10\\..*"`, `env!~prod`.
 */
export function parseMatcher(raw: unknown, field: string): Matcher {
  if (typeof raw === 'string') return parseMatcherString(raw, field);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new SilenceError('invalid_silence', 'must be an object { name, value, isRegex, isEqual }', field);
  const o = raw as Record<string, unknown>;
  if (typeof o.name !== 'string' || !LABEL_NAME.test(o.name))
    throw new SilenceError('invalid_silence', 'must be a label name like "alertname"', `${field}.name`);
  if (typeof o.value !== 'string')
    throw new SilenceError('invalid_silence', 'must be a string', `${field}.value`);
  for (const k of ['isRegex', 'isEqual'] as const)
    if (o[k] !== undefined && typeof o[k] !== 'boolean')
      throw new SilenceError('invalid_silence', 'must be true or false', `${field}.${k}`);
  const m: Matcher = {
    name: o.name,
    value: o.value,
    isRegex: (o.isRegex as boolean | undefined) ?? false,
    isEqual: (o.isEqual as boolean | undefined) ?? true,
  };
  if (m.isRegex) checkRegex(m.value, `${field}.value`);
  return m;
}

function parseMatcherString(raw: string, field: string): Matcher {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(raw);
  if (!m)
    throw new SilenceError(
      'invalid_silence',
      `${JSON.stringify(raw)} is not a matcher; write it like severity="critical"`,
      field,
    );
  const [, name, op, rest] = m as unknown as [string, string, string, string];
  let value = rest;
  if (value.startsWith('"')) {
    try {
      value = JSON.parse(value) as string;
    } catch {
      throw new SilenceError('invalid_silence', `${JSON.stringify(rest)} is not a quoted string`, field);
    }
  }
  const matcher: Matcher = { name, value, isRegex: op.endsWith('~'), isEqual: op.startsWith('=') };
  if (matcher.isRegex) checkRegex(value, field);
  return matcher;
}

function checkRegex(value: string, field: string): void {
  try {
    anchored(value);
  } catch (e) {
    throw new SilenceError(
      'invalid_silence',
      `not a valid regular expression: ${(e as Error).message}`,
      field,
    );
  }
}

/** Checks a list of matchers (at least one). */
export function parseMatchers(raw: unknown, field: string): Matcher[] {
  if (!Array.isArray(raw) || raw.length === 0)
    throw new SilenceError('invalid_silence', 'must be a non-empty list of matchers', field);
  return raw.map((m, i) => parseMatcher(m, `${field}[${i}]`));
}
