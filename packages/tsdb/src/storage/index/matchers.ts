import { TsdbError } from '../errors.js';
import type { Matcher } from '../types.js';

/** A matcher ready to test label values; a missing label tests as the empty string. */
export interface CompiledMatcher {
  readonly name: string;
  readonly type: Matcher['type'];
  /** The literal value for `=` and `!=`. */
  readonly value: string;
  matches(value: string): boolean;
  /** Whether the matcher accepts the empty string (then it also selects series without the label). */
  readonly matchesEmpty: boolean;
}

const regexCache = new Map<string, RegExp>();

/**
 * Compiles a regex the way Prometheus does: fully anchored (`^(?:re)$`), `.` matching newlines.
 * Throws TsdbError('bad_matcher') naming the label and the problem.
 */
export function compileRegex(source: string, labelName = ''): RegExp {
  let re = regexCache.get(source);
  if (re) return re;
  try {
    re = new RegExp(`^(?:${source})$`, 's');
  } catch (err) {
    throw new TsdbError(
      'bad_matcher',
      `invalid regular expression for label "${labelName}": ${JSON.stringify(source)} (${(err as Error).message}); fix the pattern`,
    );
  }
  if (regexCache.size > 10_000) regexCache.clear();
  regexCache.set(source, re);
  return re;
}

export function compileMatcher(m: Matcher): CompiledMatcher {
  let matches: (value: string) => boolean;
  switch (m.type) {
    case '=':
      matches = (v) => v === m.value;
      break;
    case '!=':
      matches = (v) => v !== m.value;
      break;
    case '=~': {
      const re = compileRegex(m.value, m.name);
      matches = (v) => re.test(v);
      break;
    }
    case '!~': {
      const re = compileRegex(m.value, m.name);
      matches = (v) => !re.test(v);
      break;
    }
    default:
      throw new TsdbError(
        'bad_matcher',
        `unknown matcher type ${JSON.stringify((m as Matcher).type)} for label "${(m as Matcher).name}"; use one of = != =~ !~`,
      );
  }
  return { name: m.name, type: m.type, value: m.value, matches, matchesEmpty: matches('') };
}

export function compileMatchers(ms: readonly Matcher[]): CompiledMatcher[] {
  return ms.map(compileMatcher);
}
