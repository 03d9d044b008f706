/** Go RE2 regular expressions used by PromQL, translated to JS. */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function isLetter(c: string): boolean {
  return c.toLowerCase() !== c.toUpperCase();
}

function bothCases(c: string): string {
  const l = c.toLowerCase();
  const u = c.toUpperCase();
  return l === u ? c : `${l}${u}`;
}

const cache = new Map<string, string>();

/**
 * Translates RE2 syntax that JS lacks: inline flags `(?i)` / `(?i:...)` (expanded into character
 * classes), `(?P<name>`, POSIX classes `[[:alpha:]]` and `\Q...\E`. Other syntax is shared.
 */
export function goRegexToJs(src: string): string {
  const hit = cache.get(src);
  if (hit !== undefined) return hit;
  let out = '';
  // Case-insensitivity per open group.
  const stack: boolean[] = [];
  let ci = false;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        for (const ch of lit)
          out += ci && isLetter(ch) ? `[${bothCases(ch)}]` : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 2;
        continue;
      }
      if (src[i + 1] === 'z') {
        out += '$';
        i += 2;
        continue;
      }
      const next = src[i + 1] ?? '';
      out += ci && isLetter(next) && !/[dDsSwWbBpPnrtfvx]/.test(next) ? `[${bothCases(next)}]` : c + next;
      i += 2;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([imsU-]*)(\)|:)/.exec(src.slice(i));
      if (flags) {
        const on = flags[1].split('-')[0].includes('i');
        const off = (flags[1].split('-')[1] ?? '').includes('i');
        const newCi: boolean = off ? false : on ? true : ci;
        if (flags[2] === ')') {
          ci = newCi;
        } else {
          stack.push(ci);
          ci = newCi;
          out += '(?:';
        }
        i += flags[0].length;
        continue;
      }
      if (src.startsWith('(?P<', i)) {
        stack.push(ci);
        out += '(?<';
        i += 4;
        continue;
      }
      stack.push(ci);
      out += c;
      i++;
      continue;
    }
    if (c === ')') {
      ci = stack.pop() ?? false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      let cls = '[';
      if (src[j] === '^') {
        cls += '^';
        j++;
      }
      if (src[j] === ']') {
        cls += '\\]';
        j++;
      }
      while (j < src.length && src[j] !== ']') {
        const posix = /^\[:(\^?)(\w+):\]/.exec(src.slice(j));
        if (posix && POSIX_CLASSES[posix[2]] && !posix[1]) {
          cls += POSIX_CLASSES[posix[2]];
          j += posix[0].length;
          continue;
        }
        if (src[j] === '\\') {
          cls += src.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (src[j] === '[') {
          cls += '\\[';
          j++;
          continue;
        }
        const range = /^(.)-([^\]])/.exec(src.slice(j));
        if (range && range[2] !== '\\') {
          cls += `${range[1]}-${range[2]}`;
          if (ci && isLetter(range[1]) && isLetter(range[2])) {
            const lo = range[1];
            const hi = range[2];
            cls += `${lo.toUpperCase()}-${hi.toUpperCase()}${lo.toLowerCase()}-${hi.toLowerCase()}`;
          }
          j += 3;
          continue;
        }
        cls += ci && isLetter(src[j]) ? bothCases(src[j]) : src[j];
        j++;
      }
      out += `${cls}]`;
      i = j + 1;
      continue;
    }
    out += ci && isLetter(c) ? `[${bothCases(c)}]` : c;
    i++;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(src, out);
  return out;
}

/** Compiles a Go regular expression anchored as Prometheus does (`^(?s:re)$`). Throws on invalid syntax. */
export function compileAnchored(re: string): RegExp {
  return new RegExp(`^(?:${goRegexToJs(re)})$`, 's');
}

/** Go's Regexp.ExpandString: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      i++;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    let name: string | undefined;
    let end = i + 1;
    if (next === '{') {
      const close = template.indexOf('}', i + 2);
      const inner = close < 0 ? '' : template.slice(i + 2, close);
      if (close >= 0 && /^\w+$/.test(inner)) {
        name = inner;
        end = close + 1;
      }
    } else {
      const w = /^\w+/.exec(template.slice(i + 1));
      if (w) {
        name = w[0];
        end = i + 1 + w[0].length;
      }
    }
    if (name === undefined) {
      out += c;
      i++;
      continue;
    }
    if (/^\d+$/.test(name)) {
      const idx = Number(name);
      out += idx < match.length ? (match[idx] ?? '') : '';
    } else {
      out += match.groups?.[name] ?? '';
    }
    i = end;
  }
  return out;
}
