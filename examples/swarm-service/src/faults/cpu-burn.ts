import type { Fault } from './types.js';

/** Burns the CPU in a busy loop for `burnMs` of every `periodMs` (blocking the event loop too). */
export class CpuBurnFault implements Fault {
  readonly name = 'cpu';
  readonly description = 'busy-loops on the main thread for most of every period';
  private timer?: NodeJS.Timeout;
  burnedMs = 0;

  constructor(
    private readonly burnMs = 70,
    private readonly periodMs = 100,
  ) {}

  get enabled(): boolean {
    return this.timer !== undefined;
  }

  enable(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const end = performance.now() + this.burnMs;
      let x = 0;
      while (performance.now() < end) x += Math.sqrt(x + 1);
      this.burnedMs += this.burnMs + (x < 0 ? 1 : 0);
    }, this.periodMs);
    this.timer.unref();
  }

  disable(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  describe() {
    return { burnMs: this.burnMs, periodMs: this.periodMs, burnedMs: Math.round(this.burnedMs) };
  }
}
