/** Formatting of numbers, sizes and times for the terminal; every helper prints "–" for no data. */
const NONE = '–';

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function num(v: unknown, digits = 1): string {
  return isNum(v) ? v.toFixed(digits).replace(/\.0+$/, '') : NONE;
}

/** A value already in percent (0..100). */
export function percent(v: unknown, digits = 1): string {
  return isNum(v) ? `${v.toFixed(digits)}%` : NONE;
}

/** A ratio 0..1 shown as percent. */
export function ratio(v: unknown, digits = 1): string {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : NONE;
}

export function millis(v: unknown): string {
  if (!isNum(v)) return NONE;
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
}

export function bytes(v: unknown, signed = false): string {
  if (!isNum(v)) return NONE;
  const sign = v < 0 ? '-' : signed ? '+' : '';
  let n = Math.abs(v);
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${sign}${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Time of day in UTC, e.g. 02:41:07. */
export function clock(ms: unknown): string {
  return isNum(ms) ? new Date(ms).toISOString().slice(11, 19) : NONE;
}

/** ANSI styles, or plain text when colours are off (not a terminal, NO_COLOR set). */
export interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
}

export function styles(enabled: boolean): Styles {
  const wrap = (code: number, reset: number) => (s: string) =>
    enabled ? `\x1b[${code}m${s}\x1b[${reset}m` : s;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    green: wrap(32, 39),
  };
}

/** Colours a level: good green, warning yellow, critical red. */
export function level(s: Styles, text: string, lvl: unknown): string {
  if (lvl === 'critical' || lvl === 'high') return s.red(text);
  if (lvl === 'warning' || lvl === 'medium') return s.yellow(text);
  if (lvl === 'good' || lvl === 'ok' || lvl === 'low') return s.green(text);
  return text;
}

export function colorsFor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/**
 * Any JSON value as indented `key: value` lines (the fallback for answers the command has no
 * special layout for). Long arrays are cut at `maxItems`.
 */
export function tree(value: unknown, indent = '', maxItems = 10): string[] {
  if (value === null || typeof value !== 'object') return [`${indent}${scalar(value)}`];
  const lines: string[] = [];
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}(none)`];
    if (value.every((v) => v === null || typeof v !== 'object'))
      return [`${indent}${value.slice(0, maxItems).map(scalar).join(', ')}${more(value.length, maxItems)}`];
    for (const item of value.slice(0, maxItems)) {
      const sub = tree(item, `${indent}  `, maxItems);
      sub[0] = `${indent}- ${sub[0].trimStart()}`;
      lines.push(...sub);
    }
    if (value.length > maxItems) lines.push(`${indent}… ${value.length - maxItems} more`);
    return lines;
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (
      v !== null &&
      typeof v === 'object' &&
      !(Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object'))
    ) {
      if (Object.keys(v).length === 0) {
        lines.push(`${indent}${k}: (none)`);
        continue;
      }
      lines.push(`${indent}${k}:`);
      lines.push(...tree(v, `${indent}  `, maxItems));
    } else lines.push(`${indent}${k}: ${tree(v, '', maxItems)[0]}`);
  }
  return lines.length ? lines : [`${indent}(none)`];
}

function more(total: number, max: number): string {
  return total > max ? `, … ${total - max} more` : '';
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return NONE;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return String(v);
}

/** Writes lines to stdout, or the value as JSON with --json. */
export function print(json: boolean | undefined, value: unknown, lines: () => string[]): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${lines().join('\n')}\n`);
}
