/** An anomaly window as row indices, both ends inclusive. */
export interface RowWindow {
  left: number;
  right: number;
}

/** Parses a NAB label timestamp (`2014-02-26 13:45:00.000000`, UTC) to milliseconds. */
export function parseNabTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/.exec(text.trim());
  if (!m) return Number.NaN;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, ms);
}

/**
 * Maps windows given as [start, end] times to the rows whose timestamps fall inside them
 * (inclusive). Windows that contain no row are dropped.
 */
export function windowsToRows(
  timestamps: readonly number[],
  windows: readonly (readonly [number, number])[],
) {
  const out: RowWindow[] = [];
  for (const [start, end] of windows) {
    let left = -1;
    let right = -1;
    for (let i = 0; i < timestamps.length; i++) {
      if (timestamps[i] >= start && timestamps[i] <= end) {
        if (left < 0) left = i;
        right = i;
      }
    }
    if (left >= 0) out.push({ left, right });
  }
  return out.sort((a, b) => a.left - b.left);
}
