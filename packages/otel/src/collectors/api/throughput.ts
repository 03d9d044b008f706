/**
 * Request rate and error ratios over a sliding window, from plain counters sampled on the
 * collector's interval (the hot path only increments integers).
 */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

interface Snapshot {
  at: number;
  total: number;
  byClass: number[];
}

export class ThroughputWindow {
  /** Completed requests since start, total and by status class (index 0..4 = 1xx..5xx). */
  total = 0;
  readonly byClass = [0, 0, 0, 0, 0];
  private readonly snapshots: Snapshot[] = [];
  rate = 0;
  readonly errorRatio: Record<'4xx' | '5xx', number> = { '4xx': 0, '5xx': 0 };

  constructor(private readonly windowMs = 10_000) {}

  record(status: number): void {
    this.total++;
    const idx = Math.min(4, Math.max(0, Math.floor(status / 100) - 1));
    this.byClass[idx]++;
  }

  /** Takes a snapshot and recomputes rate (requests/s) and error ratios over the window. */
  sample(now = performance.now()): void {
    this.snapshots.push({ at: now, total: this.total, byClass: [...this.byClass] });
    while (this.snapshots.length > 2 && now - this.snapshots[1].at >= this.windowMs) this.snapshots.shift();
    const first = this.snapshots[0];
    const seconds = (now - first.at) / 1000;
    const count = this.total - first.total;
    this.rate = seconds > 0 ? count / seconds : 0;
    this.errorRatio['4xx'] = count > 0 ? (this.byClass[3] - first.byClass[3]) / count : 0;
    this.errorRatio['5xx'] = count > 0 ? (this.byClass[4] - first.byClass[4]) / count : 0;
  }
}
