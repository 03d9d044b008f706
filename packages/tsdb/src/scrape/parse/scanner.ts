import { ScrapeError } from '../errors.js';

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}
function isMetricNameStart(c: number): boolean {
  return isNameStart(c) || c === 0x3a;
}
function isMetricNameChar(c: number): boolean {
  return isNameChar(c) || c === 0x3a;
}

/** Printable description of what sits at a position, for error messages. */
function describe(s: string, pos: number, end: number): string {
  if (pos >= end) return 'end of line';
  return JSON.stringify(s[pos]);
}

/**
 * A cursor over one line of an exposition (`s[pos..end)`), with the token readers both formats
 * share. Hand-written: no regular expressions, no per-line allocations beyond the tokens kept.
 */
export class LineScanner {
  s = '';
  pos = 0;
  end = 0;
  lineStart = 0;
  line = 0;

  reset(s: string, start: number, end: number, line: number): void {
    this.s = s;
    this.pos = start;
    this.end = end;
    this.lineStart = start;
    this.line = line;
  }

  fail(expected: string, at = this.pos): never {
    throw new ScrapeError(
      'parse',
      `expected ${expected}, got ${describe(this.s, at, this.end)}`,
      this.line,
      at - this.lineStart + 1,
    );
  }

  failMessage(message: string, at = this.pos): never {
    throw new ScrapeError('parse', message, this.line, at - this.lineStart + 1);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peek(): number {
    return this.pos < this.end ? this.s.charCodeAt(this.pos) : -1;
  }

  skipBlanks(): void {
    const s = this.s;
    while (this.pos < this.end) {
      const c = s.charCodeAt(this.pos);
      if (c !== SPACE && c !== TAB) break;
      this.pos++;
    }
  }

  /** Exactly one space (OpenMetrics separators). */
  expectSpace(what: string): void {
    if (this.peek() !== SPACE) this.fail(what);
    this.pos++;
  }

  expectChar(c: number, what: string): void {
    if (this.peek() !== c) this.fail(what);
    this.pos++;
  }

  metricName(): string {
    const s = this.s;
    const start = this.pos;
    if (start >= this.end || !isMetricNameStart(s.charCodeAt(start))) this.fail('a metric name');
    let p = start + 1;
    while (p < this.end && isMetricNameChar(s.charCodeAt(p))) p++;
    this.pos = p;
    return s.slice(start, p);
  }

  labelName(): string {
    const s = this.s;
    const start = this.pos;
    if (start >= this.end || !isNameStart(s.charCodeAt(start))) this.fail('a label name');
    let p = start + 1;
    while (p < this.end && isNameChar(s.charCodeAt(p))) p++;
    this.pos = p;
    return s.slice(start, p);
  }

  /** A double-quoted string with the escapes `\\`, `\"` and `\n` (others are kept verbatim). */
  quoted(): string {
    const s = this.s;
    if (this.peek() !== QUOTE) this.fail('a double-quoted label value');
    const start = this.pos + 1;
    let p = start;
    let escaped = false;
    while (p < this.end) {
      const c = s.charCodeAt(p);
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        p += 2;
        continue;
      }
      p++;
    }
    if (p >= this.end) this.failMessage("unterminated quoted string: expected a closing '\"'", this.pos);
    this.pos = p + 1;
    return escaped ? unescapeLabelValue(s, start, p) : s.slice(start, p);
  }

  /** A run of characters up to the next blank or the end of the line. */
  token(): string {
    const s = this.s;
    const start = this.pos;
    let p = start;
    while (p < this.end) {
      const c = s.charCodeAt(p);
      if (c === SPACE || c === TAB) break;
      p++;
    }
    this.pos = p;
    return s.slice(start, p);
  }

  /**
   * `{name="value",...}` after the metric name (the `{` is at pos). A first element that is a
   * quoted string with no `=` is the metric name (the UTF-8 form `{"my.metric", a="b"}`).
   * `blanks` allows spaces around tokens (text format); OpenMetrics allows none.
   */
  labelSet(into: Record<string, string>, blanks: boolean): string | undefined {
    this.pos++; // '{'
    let quotedName: string | undefined;
    let first = true;
    for (;;) {
      if (blanks) this.skipBlanks();
      const c = this.peek();
      if (c === 0x7d) {
        this.pos++;
        return quotedName;
      }
      let name: string | undefined;
      if (c === QUOTE) {
        const q = this.quoted();
        if (blanks) this.skipBlanks();
        if (this.peek() !== 0x3d) {
          if (!first) this.fail("'=' after a quoted label name");
          quotedName = q;
        } else name = q;
      } else name = this.labelName();
      if (name !== undefined) {
        if (name === '') this.failMessage('empty label name');
        if (blanks) this.skipBlanks();
        this.expectChar(0x3d, `'=' after label name "${name}"`);
        if (blanks) this.skipBlanks();
        const at = this.pos;
        const value = this.quoted();
        if (Object.hasOwn(into, name)) this.failMessage(`duplicate label name "${name}"`, at);
        into[name] = value;
      }
      first = false;
      if (blanks) this.skipBlanks();
      const d = this.peek();
      if (d === 0x2c) {
        this.pos++;
        continue;
      }
      if (d !== 0x7d) this.fail("',' or '}' in label set");
    }
  }

  /**
   * End of the series part (`name`, `name{...}`, `{...}`) starting at pos, without building
   * anything; -1 when it is not well delimited. Used to look a series up by its raw text.
   */
  seriesEnd(blanks: boolean): number {
    const s = this.s;
    const end = this.end;
    let p = this.pos;
    if (p < end && s.charCodeAt(p) !== 0x7b) {
      if (!isMetricNameStart(s.charCodeAt(p))) return -1;
      p++;
      while (p < end && isMetricNameChar(s.charCodeAt(p))) p++;
      let q = p;
      if (blanks) while (q < end && (s.charCodeAt(q) === SPACE || s.charCodeAt(q) === TAB)) q++;
      if (q >= end || s.charCodeAt(q) !== 0x7b) return p;
      p = q;
    }
    if (p >= end) return -1;
    for (p++; p < end; p++) {
      const c = s.charCodeAt(p);
      if (c === QUOTE) {
        for (p++; p < end; p++) {
          const d = s.charCodeAt(p);
          if (d === BACKSLASH) p++;
          else if (d === QUOTE) break;
        }
        if (p >= end) return -1;
      } else if (c === 0x7d) return p + 1;
    }
    return -1;
  }

  /** A sample value: a float, `NaN`, `+Inf`, `-Inf` (case-insensitive, as Go's ParseFloat). */
  value(): number {
    const at = this.pos;
    const tok = this.token();
    const v = parseFloatToken(tok);
    if (v === undefined) this.fail('a float value (e.g. 1.5, NaN, +Inf)', at);
    return v;
  }
}

function unescapeLabelValue(s: string, start: number, end: number): string {
  let out = '';
  let from = start;
  for (let p = start; p < end; p++) {
    if (s.charCodeAt(p) !== BACKSLASH) continue;
    const n = s.charCodeAt(p + 1);
    const rep = n === 0x6e ? '\n' : n === BACKSLASH ? '\\' : n === QUOTE ? '"' : undefined;
    if (rep === undefined) {
      p++;
      continue;
    }
    out += s.slice(from, p) + rep;
    p++;
    from = p + 1;
  }
  return out + s.slice(from, end);
}

/** Go-like float parsing: decimal/exponent forms, NaN and infinities; undefined when invalid. */
export function parseFloatToken(tok: string): number | undefined {
  if (tok.length === 0) return undefined;
  const c = tok.charCodeAt(0);
  if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b) {
    const second = tok.charCodeAt(c === 0x2d || c === 0x2b ? 1 : 0);
    // Reject JS-only forms Number() accepts (0x.., 0b.., 0o..) unless they are plain decimals.
    const x = tok.charCodeAt(c === 0x2d || c === 0x2b ? 2 : 1) | 0x20;
    if (second === 0x30 && (x === 0x78 || x === 0x62 || x === 0x6f)) return undefined;
    const v = Number(tok);
    if (!Number.isNaN(v)) return v;
  }
  switch (tok.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return Number.NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Number.POSITIVE_INFINITY;
    case '-inf':
    case '-infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

/** Escapes of HELP text: `\\` and `\n`. */
export function unescapeHelp(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n === 'n') {
        out += '\n';
        i++;
        continue;
      }
      if (n === '\\') {
        out += '\\';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
