/** Element-wise float functions (all drop the metric name). */
export const MATH_FUNCTIONS: Record<string, (x: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sgn: (x) => (x < 0 ? -1 : x > 0 ? 1 : x),
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
  acos: Math.acos,
  acosh: Math.acosh,
  asin: Math.asin,
  asinh: Math.asinh,
  atan: Math.atan,
  atanh: Math.atanh,
  cos: Math.cos,
  cosh: Math.cosh,
  sin: Math.sin,
  sinh: Math.sinh,
  tan: Math.tan,
  tanh: Math.tanh,
};

function date(sec: number): Date {
  // Go converts with int64(f): truncation toward zero.
  return new Date(Math.trunc(sec) * 1000);
}

/** Date functions over a value in seconds since the epoch, UTC. */
export const DATE_FUNCTIONS: Record<string, (sec: number) => number> = {
  day_of_month: (s) => date(s).getUTCDate(),
  day_of_week: (s) => date(s).getUTCDay(),
  day_of_year: (s) => {
    const d = date(s);
    return (
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
          86400000,
      ) + 1
    );
  },
  days_in_month: (s) => {
    const d = date(s);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  },
  hour: (s) => date(s).getUTCHours(),
  minute: (s) => date(s).getUTCMinutes(),
  month: (s) => date(s).getUTCMonth() + 1,
  year: (s) => date(s).getUTCFullYear(),
};
