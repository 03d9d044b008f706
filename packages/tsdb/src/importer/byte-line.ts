/**
 * Byte-level readers for the importer's fast path: the end (and hash) of a sample line's series
 * text, and plain decimal numbers, straight from the input Buffer with no string decoding and no
 * allocation. Anything they do not recognise returns a "no" (-1 / NaN) and the line goes to the
 * full string parser, which handles (and reports) every other form exactly as before.
 */

const SPACE = 0x20;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;

function isMetricNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}
function isMetricNameChar(c: number): boolean {
  return isMetricNameStart(c) || (c >= 0x30 && c <= 0x39);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * End of the series text (`name`, `name{...}`, `{...}`) of the line starting at `start`, as the
 * OpenMetrics parser delimits it (no blanks allowed), hashing its bytes into `seriesHash`;
 * -1 when the line does not start with a well-delimited series.
 */
export class ByteLine {
  /** FNV-1a hash of the series text `seriesEnd` found (valid when it returned > 0). */
  hash = 0;
  /** Where the last `decimal` stopped (the byte after the number). */
  next = 0;

  seriesEnd(buf: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5;
    let p = start;
    if (p >= end) return -1;
    let c = buf[p];
    if (c !== OPEN) {
      if (!isMetricNameStart(c)) return -1;
      for (;;) {
        h = Math.imul(h ^ c, 0x01000193);
        if (++p >= end) break;
        c = buf[p];
        if (!isMetricNameChar(c)) break;
      }
      if (p >= end || c !== OPEN) {
        this.hash = h;
        return p;
      }
    }
    // at '{'
    for (; p < end; p++) {
      c = buf[p];
      h = Math.imul(h ^ c, 0x01000193);
      if (c === QUOTE) {
        for (p++; p < end; p++) {
          c = buf[p];
          h = Math.imul(h ^ c, 0x01000193);
          if (c === BACKSLASH) {
            if (++p >= end || buf[p] === NEWLINE) return -1;
            h = Math.imul(h ^ buf[p], 0x01000193);
          } else if (c === QUOTE) break;
          else if (c === NEWLINE) return -1;
        }
        if (p >= end) return -1;
      } else if (c === CLOSE) {
        this.hash = h;
        return p + 1;
      } else if (c === NEWLINE) return -1;
    }
    return -1;
  }

  /**
   * A plain decimal (`-?digits[.digits]`) at `p`, ending at a space, a newline or `end`: its double, equal
   * to what Number() gives (up to 15 digits they fit a double exactly and so does the power of
   * ten, so one division rounds correctly; longer ones go through Number()). NaN for other forms.
   */
  decimal(buf: Buffer, p: number, end: number): number {
    const from = p;
    let neg = false;
    if (p < end && buf[p] === 0x2d) {
      neg = true;
      p++;
    }
    let m = 0;
    let digits = 0;
    let frac = -1;
    for (; p < end; p++) {
      const c = buf[p];
      if (c >= 0x30 && c <= 0x39) {
        m = m * 10 + (c - 0x30);
        digits++;
      } else if (c === 0x2e && frac < 0) {
        frac = digits;
      } else if (c === SPACE || c === NEWLINE) break;
      else return Number.NaN;
    }
    if (digits === 0) return Number.NaN;
    this.next = p;
    // Too many digits for one exact division: the same characters through Number().
    if (digits > 15) return Number(buf.toString('latin1', from, p));
    const v = frac < 0 || frac === digits ? m : m / POW10[digits - frac];
    return neg ? -v : v;
  }
}
