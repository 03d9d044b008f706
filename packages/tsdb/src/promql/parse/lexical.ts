/**
 * Literal decoding for PromQL: numbers, durations and strings, with Go's rules
 * (strconv.ParseInt base 0, then ParseFloat; model.ParseDuration; strconv.Unquote).
 */

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86400000, 7 * 86400000, 86400000, 3600000, 60000, 1000, 1];

/** Parses a Prometheus duration (`1h30m`, `5m`, `100ms`) to ms; undefined if it is not one. */
export function parseDurationMs(s: string): number | undefined {
  if (s === '' || s === '0') return s === '0' ? 0 : undefined;
  const m = DURATION_RE.exec(s);
  if (!m) return undefined;
  let ms = 0;
  let any = false;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const g = m[i + 1];
    if (g !== undefined) {
      any = true;
      ms += Number(g) * UNIT_MS[i];
    }
  }
  return any ? ms : undefined;
}

/** Parses a number literal like Go's ParseInt(s, 0, 64) falling back to ParseFloat. */
export function parseNumber(s: string): number | undefined {
  const t = s.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return Number.parseInt(t.slice(2), 2);
  if (/^0[oO][0-7]+$/.test(t)) return Number.parseInt(t.slice(2), 8);
  if (/^0[0-7]+$/.test(t)) return Number.parseInt(t.slice(1), 8);
  if (s !== t) return undefined; // underscores only allowed with a base prefix
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Number(s);
  return undefined;
}

/**
 * Number or duration literal in expression context (`5m` is 300).
 * Durations are returned in seconds.
 */
export function parseNumberOrDuration(s: string): number | undefined {
  const sign = /^([+-])\s*/.exec(s);
  if (sign) {
    const v = parseNumberOrDuration(s.slice(sign[0].length));
    return v === undefined ? undefined : sign[1] === '-' ? -v : v;
  }
  const n = parseNumber(s);
  if (n !== undefined) return n;
  const d = parseDurationMs(s);
  return d === undefined ? undefined : d / 1000;
}

/** A duration in duration context: a duration literal or a number of seconds. */
export function parseDurationContext(s: string): number | undefined {
  const sign = /^([+-])\s*/.exec(s);
  if (sign) {
    const v = parseDurationContext(s.slice(sign[0].length));
    return v === undefined ? undefined : sign[1] === '-' ? -v : v;
  }
  const d = parseDurationMs(s);
  if (d !== undefined) return d;
  const n = parseNumber(s);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return Math.round(n * 1000);
}

/** Bytes that are not valid UTF-8 are kept as U+DC80..U+DCFF (surrogate escape), so they round-trip. */
function decodeBytes(bytes: number[]): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let n = 0;
    let cp = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      n = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      cp = b & 0x07;
    }
    let ok = n > 0 && i + n < bytes.length;
    if (ok) {
      for (let k = 1; k <= n; k++) {
        const c = bytes[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
    }
    if (
      ok &&
      ((n === 2 && cp < 0x800) ||
        (n === 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
    )
      ok = false;
    if (ok) {
      out += String.fromCodePoint(cp);
      i += n + 1;
    } else {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    }
  }
  return out;
}

function pushUtf8(bytes: number[], s: string): void {
  for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
}

/** Decodes a quoted PromQL string ("...", '...' with Go escapes, or `raw`). Throws a message on bad escapes. */
export function unquoteString(lit: string): string {
  const q = lit[0];
  if (lit.length < 2 || lit[lit.length - 1] !== q) throw new Error('unterminated quoted string');
  const body = lit.slice(1, -1);
  if (q === '`') return body;
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      pushUtf8(bytes, ch);
      i += ch.length;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case 'a':
        bytes.push(7);
        break;
      case 'b':
        bytes.push(8);
        break;
      case 'f':
        bytes.push(12);
        break;
      case 'n':
        bytes.push(10);
        break;
      case 'r':
        bytes.push(13);
        break;
      case 't':
        bytes.push(9);
        break;
      case 'v':
        bytes.push(11);
        break;
      case '\\':
        bytes.push(92);
        break;
      case "'":
      case '"':
        if (e !== q) throw new Error(`unknown escape sequence \\${e}`);
        bytes.push(e.charCodeAt(0));
        break;
      case 'x': {
        const h = body.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error('invalid \\x escape');
        bytes.push(Number.parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const len = e === 'u' ? 4 : 8;
        const h = body.slice(i, i + len);
        if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw new Error(`invalid \\${e} escape`);
        const cp = Number.parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error('invalid Unicode code point');
        pushUtf8(bytes, String.fromCodePoint(cp));
        i += len;
        break;
      }
      default: {
        if (e !== undefined && e >= '0' && e <= '7') {
          const o = body.slice(i - 1, i + 2);
          if (!/^[0-7]{3}$/.test(o)) throw new Error('invalid octal escape');
          const v = Number.parseInt(o, 8);
          if (v > 255) throw new Error('invalid octal escape');
          bytes.push(v);
          i += 2;
          break;
        }
        throw new Error(`unknown escape sequence \\${e ?? ''}`);
      }
    }
  }
  return decodeBytes(bytes);
}

/** True if the string holds only valid UTF-8 (no surrogate-escaped bytes). */
export function isValidUtf8(s: string): boolean {
  return !/[\uD800-\uDFFF]/u.test(s);
}

/** Go's %q of a string: invalid bytes as \xNN. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xdc80 && c <= 0xdcff) out += `\\x${(c - 0xdc00).toString(16).padStart(2, '0')}`;
    else if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
