/**
 * Task work buffers. Off (the default), every task allocates a fresh zeroed buffer and drops it,
 * which the GC must reclaim; on (the memory-pooling action), buffers are reused from a free list.
 */
export class BufferPool {
  private free: Buffer[] = [];
  enabled = false;
  allocated = 0;
  reused = 0;

  constructor(
    readonly bufferBytes = 256 * 1024,
    readonly maxFree = 64,
  ) {}

  acquire(): Buffer {
    if (this.enabled) {
      const b = this.free.pop();
      if (b) {
        this.reused++;
        return b;
      }
    }
    this.allocated++;
    return Buffer.alloc(this.bufferBytes);
  }

  release(buf: Buffer): void {
    if (this.enabled && buf.length === this.bufferBytes && this.free.length < this.maxFree)
      this.free.push(buf);
  }

  /** Turns pooling on or off (off drops the free list); returns the previous state. */
  setEnabled(enabled: boolean): boolean {
    const previous = this.enabled;
    this.enabled = enabled;
    if (!enabled) this.free = [];
    return previous;
  }

  get pooled(): number {
    return this.free.length;
  }
}
