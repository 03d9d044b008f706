// Number and time formatting for the panels.

const finite = (v) => typeof v === 'number' && Number.isFinite(v);

export function num(v, digits = 2) {
  if (!finite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(digits)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(digits)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(digits);
}

export function percent(v, digits = 1) {
  return finite(v) ? `${v.toFixed(digits)}%` : '–';
}

/** A 0..1 ratio as a percentage. */
export function ratio(v, digits = 1) {
  return finite(v) ? `${(v * 100).toFixed(digits)}%` : '–';
}

export function ms(v) {
  if (!finite(v)) return '–';
  if (Math.abs(v) >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (Math.abs(v) >= 10) return `${v.toFixed(0)} ms`;
  return `${v.toFixed(2)} ms`;
}

export function seconds(v) {
  if (!finite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1) return `${v.toFixed(2)} s`;
  if (a >= 1e-3) return `${(v * 1e3).toFixed(a >= 0.01 ? 1 : 2)} ms`;
  if (a === 0) return '0';
  return `${(v * 1e6).toFixed(0)} µs`;
}

export function bytes(v) {
  if (!finite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function perSecond(v) {
  return finite(v) ? `${num(v)}/s` : '–';
}

/** Formats a value in one of the chart units. */
export function byUnit(unit, v) {
  switch (unit) {
    case 'seconds':
      return seconds(v);
    case 'bytes':
      return bytes(v);
    case 'ratio':
      return ratio(v);
    case 'percent':
      return percent(v);
    case 'ms':
      return ms(v);
    case 'rate':
      return perSecond(v);
    default:
      return num(v);
  }
}

/** "12 s ago", "3 min ago", ... from a time in ms or an ISO string. */
export function ago(t) {
  const at = typeof t === 'string' ? Date.parse(t) : t;
  if (!finite(at)) return '–';
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${(s / 3600).toFixed(1)} h ago`;
  return `${(s / 86400).toFixed(1)} d ago`;
}

export function clock(t) {
  const at = typeof t === 'string' ? Date.parse(t) : t;
  return finite(at) ? new Date(at).toLocaleTimeString() : '–';
}
