import type { Fault } from './types.js';

/** Retains a growing list of buffers (never read again) until disabled, up to a cap. */
export class LeakFault implements Fault {
  readonly name = 'leak';
  readonly description = 'retains memory that is never freed, growing steadily';
  private retained: Buffer[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly mbPerSecond: number,
    private readonly maxMb: number,
    private readonly tickMs = 100,
  ) {}

  get enabled(): boolean {
    return this.timer !== undefined;
  }

  get retainedBytes(): number {
    return this.retained.reduce((n, b) => n + b.length, 0);
  }

  enable(): void {
    if (this.timer) return;
    const chunk = Math.max(1, Math.round((this.mbPerSecond * 1024 * 1024 * this.tickMs) / 1000));
    const max = this.maxMb * 1024 * 1024;
    this.timer = setInterval(() => {
      if (this.retained.length * chunk >= max) return;
      // filled, so the pages are really committed (an untouched allocation may not be)
      this.retained.push(Buffer.alloc(chunk, this.retained.length & 0xff));
    }, this.tickMs);
    this.timer.unref();
  }

  disable(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.retained = [];
  }

  describe() {
    return { retainedBytes: this.retainedBytes, mbPerSecond: this.mbPerSecond, maxMb: this.maxMb };
  }
}
