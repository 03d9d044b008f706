/** The last `capacity` values in arrival order, also kept sorted for O(1) quantiles. */
export class SortedWindow {
  private readonly fifo: number[] = [];
  private head = 0;
  private readonly sorted: number[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.sorted.length;
  }

  push(x: number): void {
    this.sorted.splice(this.lowerBound(x), 0, x);
    this.fifo.push(x);
    if (this.sorted.length > this.capacity) {
      const old = this.fifo[this.head++];
      this.sorted.splice(this.lowerBound(old), 1);
      if (this.head > 1024 && this.head * 2 > this.fifo.length) {
        this.fifo.splice(0, this.head);
        this.head = 0;
      }
    }
  }

  /** Linear-interpolated quantile, p in [0, 1]; NaN when empty. */
  quantile(p: number): number {
    const n = this.sorted.length;
    if (n === 0) return Number.NaN;
    const i = (n - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return this.sorted[lo] + (this.sorted[hi] - this.sorted[lo]) * (i - lo);
  }

  /** The values in arrival order (oldest first). */
  values(): number[] {
    return this.fifo.slice(this.head);
  }

  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * How far `x` lies beyond the window's tail quantiles, relative to the distance between the median
 * and that quantile: 0 inside the central band, 1 at the `p` (or 1 - p) quantile, 2 twice as far.
 * Scale-free, robust to heavy tails and to quantised series; the small floor keeps flat series finite.
 */
export function tailDistance(
  w: SortedWindow,
  x: number,
  p: number,
): { score: number; center: number; lower: number; upper: number } {
  const center = w.quantile(0.5);
  const hi = w.quantile(p);
  const lo = w.quantile(1 - p);
  const floor = 1e-3 * (w.quantile(1) - w.quantile(0)) + 1e-9 * Math.max(1, Math.abs(center));
  const up = hi - center + floor;
  const down = center - lo + floor;
  const score = Math.max(0, (x - center) / up, (center - x) / down);
  return { score, center, lower: center - down, upper: center + up };
}
