import type { Matcher } from '../storage/types.js';
import { invalidParam } from './errors.js';

const OPS = ['=~', '!~', '!=', '='] as const;

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':';
}
function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9');
}

/**
 * A series selector as used in `match[]` (`up`, `up{job="a"}`, `{__name__=~"x.*"}`) → matchers.
 * At least one matcher must not match the empty string, as Prometheus requires.
 */
export function parseSeriesSelector(input: string, param = 'match[]'): Matcher[] {
  let i = 0;
  const fail = (what: string): never => {
    const got = i < input.length ? JSON.stringify(input[i]) : 'end of input';
    throw invalidParam(param, `1:${i + 1}: parse error: expected ${what}, got ${got}`);
  };
  const blanks = () => {
    while (i < input.length && (input[i] === ' ' || input[i] === '\t' || input[i] === '\n')) i++;
  };
  const name = (): string => {
    const start = i;
    if (i >= input.length || !isNameStart(input[i])) fail('a name');
    while (i < input.length && isNameChar(input[i])) i++;
    return input.slice(start, i);
  };
  const str = (): string => {
    const q = input[i];
    if (q !== '"' && q !== "'" && q !== '`') fail('a quoted string');
    i++;
    let out = '';
    while (i < input.length && input[i] !== q) {
      if (input[i] === '\\' && q !== '`') {
        const n = input[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };
        if (n === undefined || !(n in map)) fail('a valid escape sequence');
        out += map[n];
        i += 2;
        continue;
      }
      out += input[i++];
    }
    if (i >= input.length) fail(`a closing ${q}`);
    i++;
    return out;
  };

  const matchers: Matcher[] = [];
  blanks();
  if (i < input.length && input[i] !== '{') {
    matchers.push({ type: '=', name: '__name__', value: name() });
    blanks();
  }
  if (i < input.length && input[i] === '{') {
    i++;
    for (;;) {
      blanks();
      if (input[i] === '}') {
        i++;
        break;
      }
      let label: string;
      if (input[i] === '"') {
        const q = str();
        blanks();
        if (input[i] === ',' || input[i] === '}') {
          matchers.push({ type: '=', name: '__name__', value: q });
          if (input[i] === ',') i++;
          continue;
        }
        label = q;
      } else label = name();
      blanks();
      const op = OPS.find((o) => input.startsWith(o, i));
      if (!op) return fail('a label matching operator (=, !=, =~, !~)');
      i += op.length;
      blanks();
      const value = str();
      if (op === '=~' || op === '!~') {
        try {
          new RegExp(`^(?:${value})$`);
        } catch {
          throw invalidParam(param, `invalid regular expression ${JSON.stringify(value)}`);
        }
      }
      matchers.push({ type: op, name: label, value });
      blanks();
      if (input[i] === ',') {
        i++;
        continue;
      }
      if (input[i] !== '}') fail("',' or '}'");
    }
  }
  blanks();
  if (i < input.length) fail('end of input');
  if (matchers.length === 0) fail('a series selector');
  if (matchers.every(matchesEmpty)) {
    throw invalidParam(param, 'vector selector must contain at least one non-empty matcher');
  }
  return matchers;
}

function matchesEmpty(m: Matcher): boolean {
  switch (m.type) {
    case '=':
      return m.value === '';
    case '!=':
      return m.value !== '';
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test('');
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test('');
  }
}
