import type { Fault } from './types.js';

/** Delays every API response by a random 200–400 ms. */
export class LatencyFault implements Fault {
  readonly name = 'latency';
  readonly description = 'delays API responses by 200-400 ms';
  enabled = false;
  delayed = 0;

  constructor(
    private readonly minMs = 200,
    private readonly maxMs = 400,
    private readonly random: () => number = Math.random,
  ) {}

  enable(): void {
    this.enabled = true;
  }

  disable(): void {
    this.enabled = false;
  }

  /** How long to hold the current response (0 when off). */
  delayMs(): number {
    if (!this.enabled) return 0;
    this.delayed++;
    return this.minMs + Math.round(this.random() * (this.maxMs - this.minMs));
  }

  describe() {
    return { minMs: this.minMs, maxMs: this.maxMs, delayed: this.delayed };
  }
}
