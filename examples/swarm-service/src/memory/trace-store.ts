/** One task trace: the feature samples an agent recorded (a plain JS array, so on the V8 heap). */
export interface Trace {
  id: number;
  samples: number[];
}

/**
 * Task traces kept in memory for replay and debugging. Unpooled (the default), every trace is a
 * fresh array kept until `clear()`: nothing ever trims the store, so a steady stream of traces is a
 * leak. Pooled (the memory-pooling action), the store owns a fixed set of slots within
 * `poolBytes`: a new trace is copied into the oldest slot's array (no allocation), so the memory
 * it holds stops growing at the pool's size.
 */
export class TraceStore {
  private traces: Trace[] = [];
  private next = 0;
  /** Index of the oldest slot (pooled). */
  private oldest = 0;
  private poolSlots = 0;
  recycled = 0;

  constructor(readonly poolBytes = 32 * 1024 * 1024) {}

  get pooled(): boolean {
    return this.poolSlots > 0;
  }

  get size(): number {
    return this.traces.length;
  }

  /** Bytes of samples held (8 per sample). */
  get retainedBytes(): number {
    let n = 0;
    for (const t of this.traces) n += t.samples.length * 8;
    return n;
  }

  /** Records a trace of `length` samples filled by `fill(i)`. */
  add(length: number, fill: (i: number) => number): void {
    const id = this.next++;
    if (this.poolSlots > 0 && this.traces.length >= this.poolSlots) {
      const slot = this.traces[this.oldest];
      if (slot.samples.length !== length) slot.samples = new Array<number>(length);
      for (let i = 0; i < length; i++) slot.samples[i] = fill(i);
      slot.id = id;
      this.oldest = (this.oldest + 1) % this.traces.length;
      this.recycled++;
      return;
    }
    const samples = new Array<number>(length);
    for (let i = 0; i < length; i++) samples[i] = fill(i);
    this.traces.push({ id, samples });
  }

  /**
   * Pools the store for traces of `traceBytes`: keeps the newest traces that fit in `poolBytes`
   * (the older ones are dropped) and recycles slots from then on. Returns whether it was pooled.
   */
  pool(traceBytes: number): boolean {
    const was = this.pooled;
    this.poolSlots = Math.max(1, Math.floor(this.poolBytes / Math.max(8, traceBytes)));
    if (this.traces.length > this.poolSlots) {
      const sorted = [...this.traces].sort((a, b) => a.id - b.id);
      this.traces = sorted.slice(sorted.length - this.poolSlots);
    } else this.traces.sort((a, b) => a.id - b.id);
    this.oldest = 0;
    return was;
  }

  /** Back to an unpooled store (the traces held are kept). */
  unpool(): void {
    this.traces.sort((a, b) => a.id - b.id);
    this.poolSlots = 0;
    this.oldest = 0;
  }

  clear(): void {
    this.traces = [];
    this.oldest = 0;
  }
}
