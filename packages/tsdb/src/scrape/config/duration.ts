const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};
const UNIT_ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** A Prometheus duration (`1h30m`, `15s`, `100ms`, units in decreasing order) → ms; undefined if malformed. */
export function parsePromDuration(s: string): number | undefined {
  if (s === '0') return 0;
  let total = 0;
  let i = 0;
  let lastUnit = -1;
  while (i < s.length) {
    const start = i;
    while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (i === start) return undefined;
    const n = Number(s.slice(start, i));
    const unit = s.startsWith('ms', i) ? 'ms' : (s[i] ?? '');
    const order = UNIT_ORDER.indexOf(unit);
    if (order < 0 || order <= lastUnit) return undefined;
    lastUnit = order;
    i += unit.length;
    total += n * UNIT_MS[unit];
  }
  return s.length > 0 ? total : undefined;
}

/** ms → the shortest Prometheus duration string (`90000` → `1m30s`). */
export function formatPromDuration(ms: number): string {
  if (ms === 0) return '0s';
  let out = '';
  let rest = ms;
  for (const u of UNIT_ORDER) {
    const size = UNIT_MS[u];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${u}`;
      rest -= n * size;
    }
  }
  return out;
}
