import type { TraceStore } from '../memory/trace-store.js';
import type { Fault } from './types.js';

/**
 * Records a task trace (samples on the V8 heap) every tick into the service's trace store, which
 * nothing trims: the heap after GC grows by `mbPerSecond` until disabled or `maxMb` is held.
 * The memory-pooling action bounds it for real: the store then recycles a fixed pool of slots.
 */
export class LeakFault implements Fault {
  readonly name = 'leak';
  readonly description = 'records task traces into an in-memory store that is never trimmed';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: TraceStore,
    private readonly mbPerSecond: number,
    private readonly maxMb: number,
    private readonly tickMs = 100,
  ) {}

  get enabled(): boolean {
    return this.timer !== undefined;
  }

  /** Samples per trace (8 bytes each) so that the store grows by `mbPerSecond`. */
  get samplesPerTrace(): number {
    return Math.max(1, Math.round((this.mbPerSecond * 1024 * 1024 * this.tickMs) / 1000 / 8));
  }

  get retainedBytes(): number {
    return this.store.retainedBytes;
  }

  enable(): void {
    if (this.timer) return;
    const length = this.samplesPerTrace;
    const max = this.maxMb * 1024 * 1024;
    let tick = 0;
    this.timer = setInterval(() => {
      if (!this.store.pooled && this.store.size * length * 8 >= max) return;
      const base = tick++;
      this.store.add(length, (i) => base + i / length);
    }, this.tickMs);
    this.timer.unref();
  }

  disable(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.store.clear();
  }

  describe() {
    return {
      retainedBytes: this.retainedBytes,
      traces: this.store.size,
      pooled: this.store.pooled,
      mbPerSecond: this.mbPerSecond,
      maxMb: this.maxMb,
    };
  }
}
